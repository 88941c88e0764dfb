package io.agentshop.infra.authserver;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.HtmlUtils;

/**
  * At the authorization, pushed authorization and token endpoints, a {@code client_id} that names a client metadata
  * document is resolved first, and a document that cannot be used is refused here with its reason: to the person at
  * the browser (no redirect: the document's redirect URIs are exactly what is in doubt) or, at the token and PAR
  * endpoints, to the client as {@code invalid_client}. Before the login page, so nobody signs in for a client that
  * cannot exist.
  */
final class ClientIdDocumentGate extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(ClientIdDocumentGate.class);
    private static final Set<String> ENDPOINTS = Set.of(SecurityConfiguration.AUTHORIZE, SecurityConfiguration.PAR,
            SecurityConfiguration.TOKEN);

    private final ClientIdMetadataDocuments documents;
    private final ObjectMapper json;

    ClientIdDocumentGate(ClientIdMetadataDocuments documents, ObjectMapper json) {
        this.documents = documents;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !ENDPOINTS.contains(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String clientId = request.getParameter("client_id");
        if (ClientIdMetadataDocuments.isDocumentUrl(clientId)) {
            try {
                documents.resolve(clientId);
            } catch (ClientIdMetadataDocuments.Refusal refused) {
                log.info("client metadata document {} refused: {}", clientId, refused.getMessage());
                refuse(request, response, clientId, refused.getMessage());
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String clientId, String reason)
            throws IOException {
        if (SecurityConfiguration.AUTHORIZE.equals(request.getRequestURI())) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType("text/html;charset=UTF-8");
            response.getWriter().write("<!doctype html><title>Unknown client</title><h1>This client cannot sign in"
                    + " here</h1><p>Its client id <code>" + HtmlUtils.htmlEscape(clientId) + "</code> names a client"
                    + " metadata document this server cannot use: " + HtmlUtils.htmlEscape(reason) + ".</p>");
            return;
        }
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), Map.of("error", "invalid_client",
                "error_description", "the client metadata document cannot be used: " + reason));
    }
}
