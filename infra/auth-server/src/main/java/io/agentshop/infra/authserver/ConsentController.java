package io.agentshop.infra.authserver;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

import java.net.URI;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
  * Our consent page: each requested scope in plain words with a checkbox, so the user can grant less than asked.
  * The form posts back to the authorization endpoint, where Spring Authorization Server issues the code with only
  * the ticked scopes ({@code openid} is implied by the request and needs no tick).
  */
@RestController
public class ConsentController {

    static final String PATH = "/consent";

    private final RegisteredClientRepository clients;
    private final OAuth2AuthorizationConsentService consents;
    private final OAuth2AuthorizationService authorizations;
    private final AuthorizationServerSettings settings;
    private final ClientRegistrations registrations;
    private final Clock clock;

    public ConsentController(RegisteredClientRepository clients, OAuth2AuthorizationConsentService consents,
            OAuth2AuthorizationService authorizations, AuthorizationServerSettings settings,
            ClientRegistrations registrations) {
        this.clients = clients;
        this.consents = consents;
        this.authorizations = authorizations;
        this.settings = settings;
        this.registrations = registrations;
        this.clock = Clock.systemUTC();
    }

    @GetMapping(path = PATH, produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> consent(Principal user,
            @RequestParam(OAuth2ParameterNames.CLIENT_ID) String clientId,
            @RequestParam(OAuth2ParameterNames.SCOPE) String scope,
            @RequestParam(OAuth2ParameterNames.STATE) String state) {
        RegisteredClient client = clients.findByClientId(clientId);
        if (client == null) {
            return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.TEXT_HTML)
                    .body("<!doctype html><title>Unknown client</title><p>Unknown client.</p>");
        }
        OAuth2AuthorizationConsent previous = consents.findById(client.getId(), user.getName());
        Set<String> alreadyGranted = previous == null ? Set.of() : previous.getScopes();
        Set<String> toGrant = new LinkedHashSet<>();
        Set<String> granted = new LinkedHashSet<>();
        for (String requested : scope.trim().split("\\s+")) {
            if (OidcScopes.OPENID.equals(requested)) {
                continue;
            }
            (alreadyGranted.contains(requested) ? granted : toGrant).add(requested);
        }

        OAuth2AuthorizationRequest pending = pendingRequest(state);
        StringBuilder html = new StringBuilder(2048);
        html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Agent Shop: allow access?</title></head><body>")
                .append("<h1>Allow <em>").append(htmlEscape(whoAsks(client))).append("</em> to act for you?</h1>")
                .append("<p>Signed in as <strong>").append(htmlEscape(user.getName())).append("</strong>.</p>")
                .append(whoTheClientIs(client, pending));
        List<String> resources = pending == null ? List.of()
                : ResourceIndicators.values(pending.getAdditionalParameters().get(ResourceIndicators.RESOURCE));
        if (!resources.isEmpty()) {
            html.append("<p>For: ");
            resources.forEach(r -> html.append("<code>").append(htmlEscape(r)).append("</code> "));
            html.append("</p>");
        }
        html.append("<form method=\"post\" action=\"").append(htmlEscape(settings.getAuthorizationEndpoint()))
                .append("\">")
                .append("<input type=\"hidden\" name=\"client_id\" value=\"").append(htmlEscape(clientId)).append("\">")
                .append("<input type=\"hidden\" name=\"state\" value=\"").append(htmlEscape(state)).append("\">");
        if (!toGrant.isEmpty()) {
            html.append("<p>Untick what you do not want to allow:</p><ul style=\"list-style:none\">");
            for (String s : toGrant) {
                String id = "scope-" + htmlEscape(s.replace(':', '-'));
                html.append("<li><input type=\"checkbox\" name=\"scope\" id=\"").append(id).append("\" value=\"")
                        .append(htmlEscape(s)).append("\" checked> <label for=\"").append(id).append("\">")
                        .append(previous != null ? "<strong class=\"new-scope\">New:</strong> " : "")
                        .append(htmlEscape(ScopeDescriptions.describe(s))).append(" <small>(<code>").append(htmlEscape(s))
                        .append("</code>)</small></label></li>");
            }
            html.append("</ul>");
        }
        if (!granted.isEmpty()) {
            html.append("<p>Already allowed:</p><ul>");
            for (String s : granted) {
                html.append("<li>").append(htmlEscape(ScopeDescriptions.describe(s))).append(" <small>(<code>")
                        .append(htmlEscape(s)).append("</code>)</small></li>");
            }
            html.append("</ul>");
        }
        html.append("<button type=\"submit\" id=\"submit-consent\">Allow</button></form>")
                .append("<form method=\"post\" action=\"").append(htmlEscape(settings.getAuthorizationEndpoint()))
                .append("\"><input type=\"hidden\" name=\"client_id\" value=\"").append(htmlEscape(clientId)).append("\">")
                .append("<input type=\"hidden\" name=\"state\" value=\"").append(htmlEscape(state)).append("\">")
                .append("<button type=\"submit\" id=\"cancel-consent\">Deny</button></form>")
                .append("</body></html>");
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).cacheControl(CacheControl.noStore())
                .body(html.toString());
    }

    /**
      * Who is asking, in facts the user can check: the client id, the host its redirect goes to, and for a client that
      * registered itself how long ago, with the warning that Agent Shop vouches for nothing it says about itself. A
      * client described by a metadata document is the document's host: that much the fetch proved.
      */
    private String whoTheClientIs(RegisteredClient client, OAuth2AuthorizationRequest pending) {
        String redirect = pending != null && pending.getRedirectUri() != null ? pending.getRedirectUri()
                : client.getRedirectUris().stream().findFirst().orElse(null);
        String host = redirect == null ? null : URI.create(redirect).getHost();
        StringBuilder facts = new StringBuilder("<ul class=\"client-facts\">")
                .append("<li>Client id <code id=\"client-id\">").append(htmlEscape(client.getClientId())).append("</code></li>");
        if (host != null) {
            facts.append("<li>Sends you back to <code id=\"redirect-host\">").append(htmlEscape(host)).append("</code></li>");
        }
        String documentHost = ClientIdMetadataDocuments.host(client);
        if (documentHost != null) {
            facts.append("<li id=\"client-document\"><strong>Described by <code id=\"document-host\">")
                    .append(htmlEscape(documentHost)).append("</code></strong>: the client's document is published"
                            + " there. Whoever runs that site is who you allow. It calls itself <em id=\"client-name\">")
                    .append(htmlEscape(client.getClientName())).append("</em>, which nobody checked.</li>");
        }
        registrations.metadata(client.getClientId()).ifPresent(registered -> {
            long minutes = Duration.between(Instant.ofEpochSecond(((Number) registered.get("client_id_issued_at"))
                    .longValue()), clock.instant()).toMinutes();
            facts.append("<li id=\"registration\"><strong>Registered ").append(minutes == 0 ? "less than a minute"
                            : minutes == 1 ? "1 minute" : minutes + " minutes")
                    .append(" ago through open registration \u2014 not verified by Agent Shop.</strong> Its name is"
                            + " what it says about itself.</li>");
        });
        return facts.append("</ul>").toString();
    }

    /** The heading's name: a document client is its host (its own name beside it), any other its registered name. */
    private static String whoAsks(RegisteredClient client) {
        String documentHost = ClientIdMetadataDocuments.host(client);
        return documentHost != null ? documentHost : client.getClientName();
    }

    /** The pending authorization request, to tell the user where the token will work and where they go back to. */
    private OAuth2AuthorizationRequest pendingRequest(String state) {
        OAuth2Authorization pending = authorizations.findByToken(state, new OAuth2TokenType(OAuth2ParameterNames.STATE));
        return pending == null ? null : pending.getAttribute(OAuth2AuthorizationRequest.class.getName());
    }
}
