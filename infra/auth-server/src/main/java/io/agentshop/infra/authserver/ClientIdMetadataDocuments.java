package io.agentshop.infra.authserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.stereotype.Service;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
  * Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document, the MCP 2025-11-25 specification's
  * preferred registration): a {@code client_id} that is an https URL names a JSON document at that URL describing the
  * client. The document is the registration: its {@code client_id} must be the URL itself, character for character;
  * its redirect URIs are the only ones the client may use; it is a public client (no shared secret can exist), asking
  * at most for the agent scopes like any open client, and the user's consent still decides.
  * <p>
  * The URL: https (http only on loopback, when loopback is allowed), a host that is a name or a public address, a path,
  * no user info, no fragment, no dot segments, not longer than the configured cap. Who the client is, for the consent
  * page and every delegation, is the document's host: its name is only what it calls itself.
  */
@Service
class ClientIdMetadataDocuments {

    private static final String CODE = AuthorizationGrantType.AUTHORIZATION_CODE.getValue();
    private static final String REFRESH = AuthorizationGrantType.REFRESH_TOKEN.getValue();
    private static final Set<String> SECRET_METHODS = Set.of("client_secret_basic", "client_secret_post",
            "client_secret_jwt");

    private final AuthServerProperties properties;
    private final ClientMetadataFetcher fetcher;
    private final ClientDefaults defaults;
    private final ObjectMapper json;

    ClientIdMetadataDocuments(AuthServerProperties properties, ClientMetadataFetcher fetcher, ClientDefaults defaults,
            ObjectMapper json) {
        this.properties = properties;
        this.fetcher = fetcher;
        this.defaults = defaults;
        this.json = json;
    }

    /** Whether this client id names a document (rather than a client registered here). */
    static boolean isDocumentUrl(String clientId) {
        String lower = clientId == null ? "" : clientId.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://");
    }

    /** The stable id of a document client: the same URL is the same client in every authorization. */
    static String registeredClientId(String url) {
        return "document:" + UUID.nameUUIDFromBytes(url.getBytes(StandardCharsets.UTF_8));
    }

    /** The host that stands for the client: what the consent page and the delegation name. */
    static String host(RegisteredClient client) {
        return isDocumentUrl(client.getClientId()) ? URI.create(client.getClientId()).getHost() : null;
    }

    /**
      * The client the document at {@code url} describes; a {@link Refusal} says why there is none. Within one request
      * (the gate, then Spring Authorization Server's providers) the document is fetched once.
      */
    RegisteredClient resolve(String url) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        String key = ClientIdMetadataDocuments.class.getName() + ":" + url;
        if (request != null && request.getAttribute(key, RequestAttributes.SCOPE_REQUEST) instanceof RegisteredClient known) {
            return known;
        }
        RegisteredClient client = describe(url);
        if (request != null) {
            request.setAttribute(key, client, RequestAttributes.SCOPE_REQUEST);
        }
        return client;
    }

    private RegisteredClient describe(String url) {
        if (!properties.getClientMetadata().isEnabled()) {
            throw new Refusal("this server does not accept client metadata documents; register the client instead");
        }
        URI uri = checkedUrl(url);
        JsonNode document;
        try {
            document = json.readTree(fetcher.fetch(uri));
        } catch (IOException notJson) {
            throw new Refusal("the document is not JSON");
        }
        if (document == null || !document.isObject()) {
            throw new Refusal("the document is not a JSON object");
        }
        if (!url.equals(document.path("client_id").asText(null))) {
            throw new Refusal("the document's client_id is not its own URL " + url);
        }
        for (String secret : List.of("client_secret", "client_secret_expires_at")) {
            if (document.has(secret)) {
                throw new Refusal("a client metadata document must not hold " + secret);
            }
        }
        String method = text(document, "token_endpoint_auth_method", "none");
        if (SECRET_METHODS.contains(method)) {
            throw new Refusal("token_endpoint_auth_method " + method + " needs a shared secret, which a document"
                    + " client cannot have");
        }
        if (!"none".equals(method)) {
            throw new Refusal("token_endpoint_auth_method " + method + " is not supported here; use none (a public"
                    + " client with PKCE)");
        }
        List<String> grants = strings(document, "grant_types", List.of(CODE));
        if (!grants.contains(CODE) || grants.stream().anyMatch(grant -> !CODE.equals(grant) && !REFRESH.equals(grant))) {
            throw new Refusal("grant_types must be authorization_code, with refresh_token if wanted");
        }
        if (!strings(document, "response_types", List.of("code")).equals(List.of("code"))) {
            throw new Refusal("response_types must be [\"code\"]");
        }
        List<String> redirectUris = strings(document, "redirect_uris", List.of());
        if (redirectUris.isEmpty()) {
            throw new Refusal("the document names no redirect_uris");
        }
        String name = text(document, "client_name", null);
        try {
            redirectUris.forEach(ClientRegistrations::checkRedirectUri);
            if (name != null) {
                ClientNames.requireNotOurs(name);
            }
        } catch (ClientRegistrationException refused) {
            throw new Refusal(refused.getMessage());
        }
        String host = uri.getHost();
        return RegisteredClient.withId(registeredClientId(url))
                .clientId(url)
                .clientName(name == null || name.isBlank() ? host : name + " (" + host + ")")
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantTypes(set -> grants.forEach(grant -> set.add(new AuthorizationGrantType(grant))))
                .redirectUris(set -> set.addAll(redirectUris))
                .scopes(set -> set.addAll(properties.getAgentScopes()))
                .clientSettings(defaults.clientSettings())
                .tokenSettings(defaults.tokenSettings())
                .build();
    }

    private URI checkedUrl(String url) {
        if (url.length() > properties.getClientMetadata().getMaxClientIdLength()) {
            throw new Refusal("the client_id URL is longer than " + properties.getClientMetadata().getMaxClientIdLength()
                    + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException malformed) {
            throw new Refusal("the client_id is not a URL");
        }
        String host = uri.getHost();
        if (host == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new Refusal("the client_id URL must have a host, and no user info or fragment");
        }
        String path = uri.getRawPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            throw new Refusal("the client_id URL must have a path (the document's, not the site's root)");
        }
        if (List.of(path.split("/", -1)).stream().anyMatch(segment -> segment.equals(".") || segment.equals(".."))) {
            throw new Refusal("the client_id URL must not hold . or .. path segments");
        }
        boolean loopbackAllowed = properties.getClientMetadata().isAllowLoopback();
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        boolean literal = host.startsWith("[") || host.chars().allMatch(c -> Character.isDigit(c) || c == '.');
        if (literal) {
            try {
                String refusal = PublicAddresses.refusal(InetAddress.getByName(host), loopbackAllowed);
                if (refusal != null) {
                    throw new Refusal("the client_id URL's host " + host + " is " + refusal
                            + "; client documents are fetched from public addresses only");
                }
            } catch (java.net.UnknownHostException malformed) {
                throw new Refusal("the client_id URL's host is not an address");
            }
        }
        boolean loopbackHttp = "http".equals(scheme) && loopbackAllowed
                && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"));
        if (!"https".equals(scheme) && !loopbackHttp) {
            throw new Refusal("the client_id URL must use https");
        }
        return uri;
    }

    private static String text(JsonNode document, String field, String otherwise) {
        JsonNode value = document.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (!value.isTextual()) {
            throw new Refusal(field + " must be a string");
        }
        return value.asText();
    }

    private static List<String> strings(JsonNode document, String field, List<String> otherwise) {
        JsonNode value = document.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        List<String> strings = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(element -> strings.add(element.isTextual() ? element.asText() : null));
        }
        if (!value.isArray() || strings.contains(null)) {
            throw new Refusal(field + " must be an array of strings");
        }
        return List.copyOf(new java.util.LinkedHashSet<>(strings));
    }

    /** Why a client id's document cannot stand for a client; said to the client (and the person at the browser). */
    static final class Refusal extends RuntimeException {
        Refusal(String reason) {
            super(reason);
        }
    }
}
