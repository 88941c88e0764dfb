package io.agentshop.infra.authserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
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

/** A headless browser and OAuth client speaking real HTTP: a cookie jar, no automatic redirects. */
final class TestOAuthClient {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String EDGE = "http://127.0.0.1:8080/mcp";
    static final String QUERY_SIDE = "http://127.0.0.1:8081";
    static final String LOOPBACK_REDIRECT = "http://127.0.0.1:53682/callback";

    final String issuer;
    private final HttpClient http;

    TestOAuthClient(String issuer) {
        this.issuer = issuer;
        this.http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    // ---- HTTP ----

    HttpResponse<String> get(String url, String accept) {
        return send(HttpRequest.newBuilder(absolute(url)).header("Accept", accept).GET().build());
    }

    HttpResponse<String> postForm(String url, List<String[]> form, String basicUser, String basicPassword) {
        HttpRequest.Builder request = HttpRequest.newBuilder(absolute(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
        if (basicUser != null) {
            String credentials = URLEncoder.encode(basicUser, StandardCharsets.UTF_8) + ":"
                    + URLEncoder.encode(basicPassword, StandardCharsets.UTF_8);
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return send(request.build());
    }

    HttpResponse<String> postJson(String url, Object body) {
        try {
            return send(HttpRequest.newBuilder(absolute(url))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI absolute(String url) {
        return URI.create(url.startsWith("/") ? issuer + url : url);
    }

    static Map<String, Object> json(HttpResponse<String> response) {
        try {
            return JSON.readValue(response.body(), new TypeReference<>() { });
        } catch (IOException e) {
            throw new IllegalStateException("Not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    static String encode(List<String[]> form) {
        List<String> pairs = new ArrayList<>();
        for (String[] pair : form) {
            pairs.add(URLEncoder.encode(pair[0], StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(pair[1], StandardCharsets.UTF_8));
        }
        return String.join("&", pairs);
    }

    static List<String[]> form(String... namesAndValues) {
        List<String[]> form = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                form.add(new String[] {namesAndValues[i], namesAndValues[i + 1]});
            }
        }
        return form;
    }

    static String location(HttpResponse<String> response) {
        assertThat(response.statusCode()).as("redirect, got body %s", response.body()).isBetween(300, 399);
        return response.headers().firstValue("Location").orElseThrow();
    }

    static Map<String, String> queryOf(String url) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = URI.create(url).getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    static String hiddenField(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + Pattern.quote(name) + "\"[^>]*value=\"([^\"]*)\"").matcher(html);
        assertThat(m.find()).as("hidden field %s in %s", name, html).isTrue();
        return m.group(1).replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&");
    }

    // ---- OAuth ----

    Map<String, Object> discovery() {
        HttpResponse<String> response = get("/.well-known/oauth-authorization-server", "application/json");
        assertThat(response.statusCode()).isEqualTo(200);
        return json(response);
    }

    Map<String, Object> registerPublicClient(String... scopes) {
        HttpResponse<String> response = postJson("/register", Map.of(
                "client_name", "Test MCP client",
                "redirect_uris", List.of(LOOPBACK_REDIRECT),
                "grant_types", List.of("authorization_code", "refresh_token"),
                "response_types", List.of("code"),
                "token_endpoint_auth_method", "none",
                "scope", String.join(" ", scopes)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }

    Map<String, Object> registerConfidentialClient(List<String> grantTypes, String... scopes) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("client_name", "Test confidential client");
        request.put("grant_types", grantTypes);
        request.put("token_endpoint_auth_method", "client_secret_basic");
        request.put("scope", String.join(" ", scopes));
        if (grantTypes.contains("authorization_code")) {
            request.put("redirect_uris", List.of("https://agent.example/callback"));
            request.put("response_types", List.of("code"));
        } else {
            request.put("response_types", List.of());
        }
        HttpResponse<String> response = postJson("/register", request);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response);
    }

    static String verifier() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The authorization request URL; null values are left out. */
    String authorizeUrl(String clientId, String redirectUri, String scope, String state, String challenge,
            String challengeMethod, String resource) {
        return issuer + "/authorize?" + encode(form(
                "response_type", "code", "client_id", clientId, "redirect_uri", redirectUri, "scope", scope,
                "state", state, "code_challenge", challenge, "code_challenge_method", challengeMethod,
                "resource", resource));
    }

    /**
      * From the authorization request to the redirect back to the client, as a browser would: log in if sent to the
      * login page, then consent with all offered scopes except {@code untick}. Returns the final redirect URL.
      */
    String authorizeInteractively(String authorizeUrl, String username, String password, String... untick) {
        HttpResponse<String> response = get(authorizeUrl, "text/html");
        String next = location(response);
        if (next.endsWith("/login")) {
            String loginPage = get(next, "text/html").body();
            HttpResponse<String> loggedIn = postForm(next, form(
                    "username", username, "password", password, "_csrf", hiddenField(loginPage, "_csrf")), null, null);
            String back = location(loggedIn);
            assertThat(back).as("login succeeded").doesNotContain("error");
            next = location(get(back, "text/html"));
        }
        if (!next.contains("/consent")) {
            return next; // consent already given for everything asked
        }
        HttpResponse<String> consentPage = get(next, "text/html");
        assertThat(consentPage.statusCode()).isEqualTo(200);
        String html = consentPage.body();
        List<String[]> consent = form("client_id", hiddenField(html, "client_id"), "state", hiddenField(html, "state"));
        Matcher checkbox = Pattern.compile("name=\"scope\" id=\"[^\"]*\" value=\"([^\"]+)\" checked").matcher(html);
        List<String> unticked = List.of(untick);
        while (checkbox.find()) {
            if (!unticked.contains(checkbox.group(1))) {
                consent.add(new String[] {"scope", checkbox.group(1)});
            }
        }
        lastConsentPage = html;
        long start = System.nanoTime();
        HttpResponse<String> submitted = postForm(issuer + "/authorize", consent, null, null);
        lastConsentSubmission = Duration.ofNanos(System.nanoTime() - start);
        return location(submitted);
    }

    /** The consent page last shown, null if none was. */
    String lastConsentPage;
    /** How long the server took to answer the last consent submission. */
    Duration lastConsentSubmission;

    // ---- tokens ----

    JWTClaimsSet verifiedClaims(String accessToken) {
        try {
            String jwksUri = (String) discovery().get("jwks_uri");
            JWKSet keys = JWKSet.parse(get(jwksUri, "application/json").body());
            SignedJWT jwt = SignedJWT.parse(accessToken);
            var key = keys.getKeyByKeyId(jwt.getHeader().getKeyID());
            assertThat(key).as("signing key in the JWKS").isNotNull();
            assertThat(jwt.verify(new RSASSAVerifier(key.toRSAKey()))).as("signature").isTrue();
            return jwt.getJWTClaimsSet();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Map<String, Object> clientCredentials(String clientId, String secret, String scope, String resource) {
        HttpResponse<String> response = postForm("/token",
                form("grant_type", "client_credentials", "scope", scope, "resource", resource), clientId, secret);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    HttpResponse<String> exchange(String clientId, String secret, String subjectToken, String actorToken,
            String resource) {
        String accessTokenType = "urn:ietf:params:oauth:token-type:access_token";
        return postForm("/token", form(
                "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
                "subject_token", subjectToken, "subject_token_type", accessTokenType,
                "actor_token", actorToken, "actor_token_type", actorToken == null ? null : accessTokenType,
                "resource", resource), clientId, secret);
    }
}
