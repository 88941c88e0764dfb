package io.agentshop.mcpedge.controls;

import io.agentshop.mcpedge.web.RequestPaths;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.commandside.api.TextPolicy;
import io.agentshop.mcpedge.text.JsonText;
import io.agentshop.mcpedge.web.RequestBodies;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the controls refuse before a controller reads them: a body over the cap (413, like {@code /mcp}), and any text
 * in the path, the query or the JSON body that breaks the {@link TextPolicy} (400 naming where it is and the rule);
 * the body a controller reads has every string in NFC. Nothing is stored for a refused request.
 */
public final class ControlInputGate extends OncePerRequestFilter {

    private final ObjectMapper json;
    private final long maxBody;

    public ControlInputGate(ObjectMapper json, DataSize maxBody) {
        this.json = json;
        this.maxBody = maxBody.toBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !RequestPaths.of(request).startsWith("/controls/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBody) {
            refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "too-large", "Request too large",
                    "the request body is larger than " + maxBody + " bytes");
            return;
        }
        try {
            for (String segment : request.getRequestURI().split("/")) {
                JsonText.checked(UriUtils.decode(segment, StandardCharsets.UTF_8), "the path segment '"
                        + visible(segment) + "'", TextPolicy.Kind.LINE);
            }
            for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
                for (String value : parameter.getValue()) {
                    JsonText.checked(value, "the query parameter " + visible(parameter.getKey()), TextPolicy.Kind.LINE);
                }
            }
        } catch (JsonText.Refused refused) {
            refuse(response, HttpServletResponse.SC_BAD_REQUEST, "invalid-request", "Invalid request",
                    refused.getMessage());
            return;
        }
        byte[] body = RequestBodies.readUpTo(request.getInputStream(), maxBody);
        if (body == null) {
            refuse(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "too-large", "Request too large",
                    "the request body is larger than " + maxBody + " bytes");
            return;
        }
        if (body.length > 0) {
            JsonNode document;
            try {
                document = json.readTree(body);
            } catch (IOException notJson) {
                document = null; // the controller says what is wrong with a body that is not JSON
            }
            if (document != null) {
                try {
                    body = json.writeValueAsBytes(JsonText.normalized(document));
                } catch (JsonText.Refused refused) {
                    refuse(response, HttpServletResponse.SC_BAD_REQUEST, "invalid-request", "Invalid request",
                            "the request body is invalid: " + refused.getMessage());
                    return;
                }
            }
        }
        chain.doFilter(RequestBodies.withBody(request, body), response);
    }

    /** A path segment or parameter name as it may be shown back: percent-encoded, never raw control characters. */
    private static String visible(String text) {
        return UriUtils.encode(UriUtils.decode(text, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    private void refuse(HttpServletResponse response, int status, String type, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "https://agentshop.io/problems/" + type);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        json.writeValue(response.getOutputStream(), problem);
    }
}
