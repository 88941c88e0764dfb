package io.agentshop.mcpedge.queryside;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * Where the edge reads ({@code agentshop.query-side.*}).
 *
 * @param url            the query side's base URL; several, comma separated, for several nodes: a read goes to the
 *                       first and to the next when a node does not take the connection
 * @param resource       the audience the edge asks its token for (RFC 8707), the query side's resource URI
 * @param registrationId the {@code spring.security.oauth2.client.registration.*} holding the edge's own credentials
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout    how long to wait for an answer; reads wait for their consistency token at most 2 s there
 */
@ConfigurationProperties("agentshop.query-side")
public record QuerySideSettings(@DefaultValue("http://127.0.0.1:8081") List<String> url,
                                @DefaultValue("http://127.0.0.1:8081") String resource,
                                @DefaultValue("query-side") String registrationId,
                                @DefaultValue("2s") Duration connectTimeout,
                                @DefaultValue("5s") Duration readTimeout) {
}
