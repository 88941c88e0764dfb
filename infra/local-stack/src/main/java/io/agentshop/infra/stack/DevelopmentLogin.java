package io.agentshop.infra.stack;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a real OAuth client and a person at a browser do against the development authorization server, over real HTTP:
 * register (RFC 7591), sign in with authorization code + PKCE through the login and consent pages (demo users,
 * password {@code demo}), client credentials and token exchange. One instance is one browser (its own cookies). For
 * tests and the demo only: it fills in the development server's own pages.
 */
public final class DevelopmentLogin {

    public static final String LOOPBACK_REDIRECT = "http://127.0.0.1:53682/callback";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String issuer;
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private Map<String, Object> metadata;

    public DevelopmentLogin(String issuer) {
        this.issuer = issuer;
    }

    /** The server's RFC 8414 metadata, read once: every endpoint below is taken from it, as a real client does. */
    public synchronized Map<String, Object> metadata() {
        if (metadata == null) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(
                    URI.create(issuer + "/.well-known/oauth-authorization-server"))
                    .header("Accept", "application/json").GET().build());
            require(response.statusCode() == 200, "no authorization server metadata", response);
            metadata = json(response);
        }
        return metadata;
    }

    private String endpoint(String name) {
        return (String) metadata().get(name);
    }

    /** Registers a public MCP client (authorization code, loopback redirect) and returns its client id. */
    public String registerPublicClient(String name, String... scopes) {
        Map<String, Object> registration = new LinkedHashMap<>();
        registration.put("client_name", name);
        registration.put("redirect_uris", List.of(LOOPBACK_REDIRECT));
        registration.put("grant_types", List.of("authorization_code", "refresh_token"));
        registration.put("response_types", List.of("code"));
        registration.put("token_endpoint_auth_method", "none");
        registration.put("scope", String.join(" ", scopes));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(endpoint("registration_endpoint")))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(write(registration))).build());
        require(response.statusCode() == 201, "registration refused", response);
        return (String) json(response).get("client_id");
    }

    /**
     * The whole authorization-code flow with PKCE S256 as a person would go through it: log in as {@code username}
     * (password {@code demo}), consent to everything offered except {@code untick}, exchange the code. Returns the
     * token response.
     */
    public Map<String, Object> signIn(String clientId, String username, String scope, String resource,
                                      String... untick) {
        String verifier = randomToken();
        String state = randomToken();
        String authorize = endpoint("authorization_endpoint") + "?" + form("response_type", "code", "client_id", clientId,
                "redirect_uri", LOOPBACK_REDIRECT, "scope", scope, "state", state, "code_challenge", s256(verifier),
                "code_challenge_method", "S256", "resource", resource);
        String next = location(get(authorize));
        if (next.endsWith("/login")) {
            String loginPage = get(next).body();
            String back = location(post(next, form("username", username, "password", "demo",
                    "_csrf", hiddenField(loginPage, "_csrf"))));
            require(!back.contains("error"), "login failed for " + username, null);
            next = location(get(back));
        }
        if (next.contains("/consent")) {
            next = consent(next, List.of(untick));
        }
        Map<String, String> callback = queryOf(next);
        require(state.equals(callback.get("state")) && callback.containsKey("code"),
                "no code came back: " + next, null);
        HttpResponse<String> token = post(endpoint("token_endpoint"), form("grant_type", "authorization_code",
                "code", callback.get("code"), "redirect_uri", LOOPBACK_REDIRECT, "client_id", clientId,
                "code_verifier", verifier, "resource", resource));
        require(token.statusCode() == 200, "token request refused", token);
        return json(token);
    }

    /** A machine client's own token (client credentials, secret in HTTP Basic). */
    public String clientCredentials(String clientId, String secret, String scope, String resource) {
        return machineToken(clientId, secret, form("grant_type", "client_credentials", "scope", scope,
                "resource", resource));
    }

    /**
     * RFC 8693 token exchange by a machine client: the user's token as subject, the client's own token as actor, so
     * the result acts for the user with {@code act} naming the client.
     */
    public String exchange(String clientId, String secret, String subjectToken, String resource) {
        String accessToken = "urn:ietf:params:oauth:token-type:access_token";
        String actorToken = clientCredentials(clientId, secret, null, null);
        return machineToken(clientId, secret, form("grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token", subjectToken, "subject_token_type", accessToken,
                "actor_token", actorToken, "actor_token_type", accessToken, "resource", resource));
    }

    private String machineToken(String clientId, String secret, String form) {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(endpoint("token_endpoint")))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        require(response.statusCode() == 200, "token request of " + clientId + " refused", response);
        return (String) json(response).get("access_token");
    }

    private String consent(String consentUrl, List<String> untick) {
        String html = get(consentUrl).body();
        List<String> fields = new ArrayList<>(List.of("client_id", hiddenField(html, "client_id"),
                "state", hiddenField(html, "state")));
        Matcher checkbox = Pattern.compile("name=\"scope\" id=\"[^\"]*\" value=\"([^\"]+)\" checked").matcher(html);
        while (checkbox.find()) {
            if (!untick.contains(checkbox.group(1))) {
                fields.add("scope");
                fields.add(checkbox.group(1));
            }
        }
        return location(post(endpoint("authorization_endpoint"), form(fields.toArray(String[]::new))));
    }

    private HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url.startsWith("/") ? issuer + url : url))
                .header("Accept", "text/html").GET().build());
    }

    private HttpResponse<String> post(String url, String form) {
        return send(HttpRequest.newBuilder(URI.create(url.startsWith("/") ? issuer + url : url))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String location(HttpResponse<String> response) {
        require(response.statusCode() >= 300 && response.statusCode() < 400, "expected a redirect", response);
        return response.headers().firstValue("Location").orElseThrow();
    }

    /** Pairs of name and value, URL-encoded; null values are left out. */
    private static String form(String... namesAndValues) {
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                pairs.add(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
            }
        }
        return String.join("&", pairs);
    }

    private static Map<String, String> queryOf(String url) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = URI.create(url).getRawQuery();
        for (String pair : raw == null ? new String[0] : raw.split("&")) {
            int eq = pair.indexOf('=');
            query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return query;
    }

    private static String hiddenField(String html, String name) {
        Matcher field = Pattern.compile("name=\"" + Pattern.quote(name) + "\"[^>]*value=\"([^\"]*)\"").matcher(html);
        require(field.find(), "no field " + name + " in the page", null);
        return field.group(1).replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&");
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> json(HttpResponse<String> response) {
        try {
            return JSON.readValue(response.body(), new TypeReference<>() { });
        } catch (IOException e) {
            throw new IllegalStateException("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void require(boolean condition, String what, HttpResponse<String> response) {
        if (!condition) {
            throw new IllegalStateException(what + (response == null ? ""
                    : " (HTTP " + response.statusCode() + " " + response.uri() + "): " + response.body()));
        }
    }
}
