package io.agentshop.infra.authserver;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.stereotype.Service;

/**
  * Open dynamic client registration (RFC 7591). MCP clients arrive without an initial access token, so anybody may
  * register: hence the limits (redirect URIs only https or loopback, a rate per source address and in total, a total
  * cap, agent scopes only, no name that passes for Agent Shop's own). The client lands in
  * Spring Authorization Server's {@link RegisteredClientRepository}, so every flow works for it as for a
  * pre-registered one; its registration metadata is kept here.
  */
@Service
public class ClientRegistrations {

    static final String NONE = "none";
    static final String CLIENT_SECRET_BASIC = "client_secret_basic";
    static final String CLIENT_SECRET_POST = "client_secret_post";
    private static final Set<String> AUTH_METHODS = Set.of(NONE, CLIENT_SECRET_BASIC, CLIENT_SECRET_POST);
    private static final String CODE = AuthorizationGrantType.AUTHORIZATION_CODE.getValue();
    private static final String REFRESH = AuthorizationGrantType.REFRESH_TOKEN.getValue();
    private static final String CLIENT_CREDENTIALS = AuthorizationGrantType.CLIENT_CREDENTIALS.getValue();
    private static final String TOKEN_EXCHANGE = AuthorizationGrantType.TOKEN_EXCHANGE.getValue();
    // No client credentials or token exchange for whoever asks: those would mint tokens with no user consenting.
    private static final Set<String> GRANT_TYPES = Set.of(CODE, REFRESH);
    private static final Set<String> LOOPBACK_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]");
    /** Descriptive metadata kept and echoed as registered (RFC 7591 section 2). */
    private static final List<String> DESCRIPTIVE = List.of(
            "client_uri", "logo_uri", "tos_uri", "policy_uri", "contacts", "software_id", "software_version");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RegisteredClientRepository clients;
    private final PasswordEncoder passwordEncoder;
    private final ClientDefaults defaults;
    private final AuthServerProperties properties;
    private final Clock clock;
    private final Map<String, Map<String, Object>> metadata = new ConcurrentHashMap<>();
    private final Deque<Instant> lastMinute = new ArrayDeque<>();
    private final Map<String, Deque<Instant>> lastMinuteByAddress = new java.util.HashMap<>();

    public ClientRegistrations(RegisteredClientRepository clients, PasswordEncoder passwordEncoder,
            ClientDefaults defaults, AuthServerProperties properties) {
        this.clients = clients;
        this.passwordEncoder = passwordEncoder;
        this.defaults = defaults;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    /** The registration metadata of a dynamically registered client (without its secret). */
    public Optional<Map<String, Object>> metadata(String clientId) {
        return Optional.ofNullable(metadata.get(clientId)).map(Collections::unmodifiableMap);
    }

    /** Whether the client came through open registration (rather than being pre-registered by the operator). */
    public boolean isDynamicallyRegistered(String clientId) {
        return metadata.containsKey(clientId);
    }

    /** Registers a client for a caller at {@code sourceAddress}; the response body per RFC 7591 section 3.2.1. */
    public synchronized Map<String, Object> register(Map<String, Object> request, String sourceAddress) {
        Instant now = clock.instant();
        Instant aMinuteAgo = now.minus(Duration.ofMinutes(1));
        forget(lastMinute, aMinuteAgo);
        lastMinuteByAddress.values().forEach(times -> forget(times, aMinuteAgo));
        lastMinuteByAddress.values().removeIf(Deque::isEmpty);
        Deque<Instant> fromAddress = lastMinuteByAddress.getOrDefault(sourceAddress, new ArrayDeque<>());
        if (metadata.size() >= properties.getRegistration().getMaxClients()) {
            throw new ClientRegistrationException(HttpStatus.FORBIDDEN, "access_denied",
                    "This development server accepts at most " + properties.getRegistration().getMaxClients()
                            + " dynamically registered clients");
        }
        if (fromAddress.size() >= properties.getRegistration().getPerAddressPerMinute()) {
            throw new ClientRegistrationException(HttpStatus.TOO_MANY_REQUESTS, "temporarily_unavailable",
                    "At most " + properties.getRegistration().getPerAddressPerMinute()
                            + " registrations per minute from one address; try again later");
        }
        if (lastMinute.size() >= properties.getRegistration().getPerMinute()) {
            throw new ClientRegistrationException(HttpStatus.TOO_MANY_REQUESTS, "temporarily_unavailable",
                    "At most " + properties.getRegistration().getPerMinute() + " registrations per minute; try again later");
        }

        String authMethod = optionalString(request, "token_endpoint_auth_method").orElse(CLIENT_SECRET_BASIC);
        if (!AUTH_METHODS.contains(authMethod)) {
            throw ClientRegistrationException.badMetadata("token_endpoint_auth_method must be one of " + AUTH_METHODS);
        }
        boolean publicClient = NONE.equals(authMethod);

        List<String> grantTypes = stringList(request, "grant_types").orElse(List.of(CODE));
        for (String grantType : grantTypes) {
            if (!GRANT_TYPES.contains(grantType)) {
                throw ClientRegistrationException.badMetadata("Grant type " + grantType + " cannot be registered here;"
                        + " open registration is for authorization_code (and refresh_token) clients, machine agents are"
                        + " registered by the operator");
            }
        }
        if (grantTypes.isEmpty()) {
            throw ClientRegistrationException.badMetadata("grant_types must not be empty");
        }
        boolean usesCode = grantTypes.contains(CODE);
        List<String> responseTypes = stringList(request, "response_types").orElse(usesCode ? List.of("code") : List.of());
        if (usesCode != responseTypes.contains("code") || responseTypes.stream().anyMatch(t -> !"code".equals(t))) {
            throw ClientRegistrationException.badMetadata(
                    "response_types must be [\"code\"] exactly when grant_types contains authorization_code");
        }
        if (grantTypes.contains(REFRESH) && !usesCode) {
            throw ClientRegistrationException.badMetadata("refresh_token only comes with authorization_code");
        }

        List<String> redirectUris = stringList(request, "redirect_uris").orElse(List.of());
        if (usesCode && redirectUris.isEmpty()) {
            throw ClientRegistrationException.badRedirectUri("redirect_uris is required for authorization_code");
        }
        redirectUris.forEach(ClientRegistrations::checkRedirectUri);

        List<String> scopes = optionalString(request, "scope")
                .map(s -> List.of(s.trim().split("\\s+")))
                .orElse(properties.getAgentScopes());
        for (String scope : scopes) {
            if (!properties.getScopes().contains(scope)) {
                throw ClientRegistrationException.badMetadata("Unknown scope " + scope);
            }
            if (!properties.getAgentScopes().contains(scope)) {
                throw ClientRegistrationException.badMetadata("Scope " + scope + " is for people using Agent Shop's"
                        + " console, never for an agent; an agent may ask for " + String.join(" ",
                        properties.getAgentScopes()));
            }
        }

        String clientId = UUID.randomUUID().toString();
        String clientName = optionalString(request, "client_name").orElse(clientId);
        ClientNames.requireNotOurs(clientName);
        String secret = publicClient ? null : randomSecret();
        RegisteredClient.Builder client = RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(clientId)
                .clientIdIssuedAt(now)
                .clientName(clientName)
                .clientAuthenticationMethod(new ClientAuthenticationMethod(authMethod))
                .authorizationGrantTypes(set -> grantTypes.forEach(g -> set.add(new AuthorizationGrantType(g))))
                .redirectUris(set -> set.addAll(redirectUris))
                .scopes(set -> set.addAll(scopes))
                .clientSettings(defaults.clientSettings())
                .tokenSettings(defaults.tokenSettings());
        if (secret != null) {
            client.clientSecret(passwordEncoder.encode(secret));
        }
        clients.save(client.build());

        Map<String, Object> registered = new LinkedHashMap<>();
        registered.put("client_id", clientId);
        registered.put("client_id_issued_at", now.getEpochSecond());
        registered.put("client_name", clientName);
        registered.put("redirect_uris", redirectUris);
        registered.put("grant_types", grantTypes);
        registered.put("response_types", responseTypes);
        registered.put("token_endpoint_auth_method", authMethod);
        registered.put("scope", String.join(" ", scopes));
        for (String name : DESCRIPTIVE) {
            if (request.get(name) != null) {
                registered.put(name, request.get(name));
            }
        }
        metadata.put(clientId, registered);
        lastMinute.addLast(now);
        fromAddress.addLast(now);
        lastMinuteByAddress.put(sourceAddress, fromAddress);

        Map<String, Object> response = new LinkedHashMap<>(registered);
        if (secret != null) {
            response.put("client_secret", secret);
            response.put("client_secret_expires_at", 0);
        }
        return response;
    }

    private static void forget(Deque<Instant> times, Instant before) {
        while (!times.isEmpty() && !times.peekFirst().isAfter(before)) {
            times.removeFirst();
        }
    }

    static void checkRedirectUri(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw ClientRegistrationException.badRedirectUri("Not a URI: " + value);
        }
        if (!uri.isAbsolute() || uri.getFragment() != null || uri.getHost() == null) {
            throw ClientRegistrationException.badRedirectUri("Redirect URIs must be absolute, with a host and no fragment: "
                    + value);
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        boolean loopback = "http".equalsIgnoreCase(uri.getScheme()) && LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase());
        if (!https && !loopback) {
            throw ClientRegistrationException.badRedirectUri(
                    "Redirect URIs must use https, or http on a loopback address (127.0.0.1, localhost, [::1]): " + value);
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Optional<String> optionalString(Map<String, Object> request, String name) {
        Object value = request.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String s)) {
            throw ClientRegistrationException.badMetadata(name + " must be a string");
        }
        return s.isBlank() ? Optional.empty() : Optional.of(s);
    }

    private static Optional<List<String>> stringList(Map<String, Object> request, String name) {
        Object value = request.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof List<?> list) || list.stream().anyMatch(e -> !(e instanceof String))) {
            throw ClientRegistrationException.badMetadata(name + " must be an array of strings");
        }
        List<String> strings = new ArrayList<>(new LinkedHashSet<>(list.stream().map(String.class::cast).toList()));
        return Optional.of(strings);
    }
}
