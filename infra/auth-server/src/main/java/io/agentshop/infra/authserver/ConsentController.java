package io.agentshop.infra.authserver;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

import java.security.Principal;
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

    public ConsentController(RegisteredClientRepository clients, OAuth2AuthorizationConsentService consents,
            OAuth2AuthorizationService authorizations, AuthorizationServerSettings settings) {
        this.clients = clients;
        this.consents = consents;
        this.authorizations = authorizations;
        this.settings = settings;
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

        StringBuilder html = new StringBuilder(2048);
        html.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Agent Shop: allow access?</title></head><body>")
                .append("<h1>Allow <em>").append(htmlEscape(client.getClientName())).append("</em> to act for you?</h1>")
                .append("<p>Signed in as <strong>").append(htmlEscape(user.getName())).append("</strong>.</p>");
        List<String> resources = requestedResources(state);
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

    /** The resource indicators of the pending authorization request, to tell the user where the token will work. */
    private List<String> requestedResources(String state) {
        OAuth2Authorization pending = authorizations.findByToken(state, new OAuth2TokenType(OAuth2ParameterNames.STATE));
        if (pending == null) {
            return List.of();
        }
        OAuth2AuthorizationRequest request = pending.getAttribute(OAuth2AuthorizationRequest.class.getName());
        return request == null ? List.of()
                : ResourceIndicators.values(request.getAdditionalParameters().get(ResourceIndicators.RESOURCE));
    }
}
