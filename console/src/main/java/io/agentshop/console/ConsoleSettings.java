package io.agentshop.console;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The console's settings ({@code agentshop.console.*}).
 *
 * @param edgeUrl       where the edge's controls are (users' and admins' changes, a user's own reads)
 * @param edgeResource  the edge's resource URI (RFC 8707): the audience the person's token is asked for
 * @param queryUrl      where the query side's APIs are (catalog, audit, analytics)
 * @param queryResource the query side's resource URI
 * @param logKeys       the audit log's verifier keys (C2SP vkeys), to check a record's proof here, not on the query
 *                      side's word
 * @param witnessKeys   the audit witnesses' verifier keys; a proof must be cosigned by one of them when any is given
 * @param timeout       how long a page waits for the edge or the query side
 * @param rolesClaimPath where the ID token holds the person's roles: {@code roles} (the development authorization
 *                      server), {@code realm_access,roles} (Keycloak), a namespaced claim (Auth0)
 */
@ConfigurationProperties("agentshop.console")
public record ConsoleSettings(@DefaultValue("http://127.0.0.1:8080") URI edgeUrl,
                              @DefaultValue("http://127.0.0.1:8080") String edgeResource,
                              @DefaultValue("http://127.0.0.1:8081") URI queryUrl,
                              @DefaultValue("http://127.0.0.1:8081") String queryResource,
                              @DefaultValue({}) List<String> logKeys,
                              @DefaultValue({}) List<String> witnessKeys,
                              @DefaultValue("10s") Duration timeout,
                              @DefaultValue("roles") List<String> rolesClaimPath) {

    /** The client registration people sign in with ({@code spring.security.oauth2.client.registration.agentshop}). */
    public static final String REGISTRATION = "agentshop";
}
