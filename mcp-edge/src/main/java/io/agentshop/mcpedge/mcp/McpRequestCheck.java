package io.agentshop.mcpedge.mcp;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.ProtocolVersions;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * What the MCP endpoint answers by itself, before the MCP server reads a message: everything Streamable HTTP and
 * JSON-RPC 2.0 do not allow, each with its JSON-RPC error (the SDK's transport would answer some of them with a
 * serialized Java exception, stack frames included, and process others it should refuse). A message that passes is
 * one the MCP server can take as it is.
 *
 * <p>The rules: only POST (the server is stateless, it opens no stream and has no session to delete); a JSON body
 * ({@code Content-Type: application/json}); a client that accepts both JSON and an event stream; a supported
 * {@code MCP-Protocol-Version} when the header is sent; one JSON-RPC 2.0 object (batches were removed from the
 * protocol in 2025-06-18); an id that is a string or a number; a method; and a {@code tools/call} whose params are an
 * object naming the tool, with an object of arguments. A response or error sent by the client is acknowledged with
 * 202: a stateless server never asked it anything.
 */
final class McpRequestCheck {

    /** The versions the SDK's server negotiates; a request without the header is taken as 2025-03-26 (the spec). */
    static final Set<String> PROTOCOL_VERSIONS = Set.of(ProtocolVersions.MCP_2024_11_05,
            ProtocolVersions.MCP_2025_03_26, ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25);

    private final ObjectReader reader;

    McpRequestCheck(ObjectMapper json) {
        // Trailing bytes after the message are malformed too, not ignored.
        this.reader = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** The request's verdict, from what arrived before the body. */
    Verdict beforeBody(String method, String contentType, List<String> accept, String protocolVersion) {
        if (!"POST".equals(method)) {
            return new Refuse(HttpStatus.METHOD_NOT_ALLOWED, null, McpSchema.ErrorCodes.INVALID_REQUEST,
                    "the MCP endpoint takes POST only: this server is stateless, it opens no event stream and keeps"
                            + " no session");
        }
        if (!isJson(contentType)) {
            return new Refuse(HttpStatus.UNSUPPORTED_MEDIA_TYPE, null, McpSchema.ErrorCodes.INVALID_REQUEST,
                    "a message is sent as Content-Type: application/json");
        }
        if (!accepts(accept, MediaType.APPLICATION_JSON) || !accepts(accept, MediaType.TEXT_EVENT_STREAM)) {
            return new Refuse(HttpStatus.NOT_ACCEPTABLE, null, McpSchema.ErrorCodes.INVALID_REQUEST,
                    "the Accept header must list both application/json and text/event-stream");
        }
        if (protocolVersion != null && !PROTOCOL_VERSIONS.contains(protocolVersion)) {
            return new Refuse(HttpStatus.BAD_REQUEST, null, McpSchema.ErrorCodes.INVALID_REQUEST,
                    "unsupported MCP-Protocol-Version; this server speaks " + String.join(", ",
                            PROTOCOL_VERSIONS.stream().sorted().toList()));
        }
        return null;
    }

    /** The verdict on the body: the message to pass on, or what to answer instead. */
    Verdict body(byte[] body) {
        JsonNode message;
        try {
            message = body.length == 0 ? null : reader.readTree(body);
        } catch (JacksonException malformed) {
            return new Refuse(HttpStatus.BAD_REQUEST, null, McpSchema.ErrorCodes.PARSE_ERROR,
                    "Parse error: the body is not one JSON value (at line " + line(malformed) + ")");
        } catch (IOException unreadable) {
            return new Refuse(HttpStatus.BAD_REQUEST, null, McpSchema.ErrorCodes.PARSE_ERROR,
                    "Parse error: the body could not be read");
        }
        if (message == null || message.isMissingNode()) {
            return new Refuse(HttpStatus.BAD_REQUEST, null, McpSchema.ErrorCodes.PARSE_ERROR,
                    "Parse error: the body is empty");
        }
        if (message.isArray()) {
            return new Refuse(HttpStatus.BAD_REQUEST, null, McpSchema.ErrorCodes.INVALID_REQUEST,
                    "batch requests are not supported: send one JSON-RPC message per request");
        }
        if (!message.isObject()) {
            return new Refuse(HttpStatus.BAD_REQUEST, null, McpSchema.ErrorCodes.INVALID_REQUEST,
                    "a JSON-RPC message is an object");
        }
        JsonNode id = message.get("id");
        boolean validId = id != null && (id.isTextual() || id.isIntegralNumber());
        if (id != null && !validId) {
            return new Refuse(HttpStatus.BAD_REQUEST, null, McpSchema.ErrorCodes.INVALID_REQUEST,
                    "id must be a string or an integer");
        }
        if (!message.path("jsonrpc").isTextual() || !"2.0".equals(message.get("jsonrpc").asText())) {
            return new Refuse(HttpStatus.BAD_REQUEST, id, McpSchema.ErrorCodes.INVALID_REQUEST,
                    "jsonrpc must be \"2.0\"");
        }
        JsonNode method = message.get("method");
        if (method == null) {
            if (id != null && (message.has("result") || message.has("error"))) {
                return new Acknowledge();
            }
            return new Refuse(HttpStatus.BAD_REQUEST, id, McpSchema.ErrorCodes.INVALID_REQUEST,
                    "method is missing");
        }
        if (!method.isTextual()) {
            return new Refuse(HttpStatus.BAD_REQUEST, id, McpSchema.ErrorCodes.INVALID_REQUEST,
                    "method must be a string");
        }
        JsonNode params = message.get("params");
        if (params != null && !params.isObject()) {
            // MCP's params are always objects (JSON-RPC would allow arrays; no MCP method takes one).
            return new Refuse(HttpStatus.OK, id, McpSchema.ErrorCodes.INVALID_PARAMS, "params must be an object");
        }
        if (McpSchema.METHOD_TOOLS_CALL.equals(method.asText()) && id != null) {
            String problem = toolCallProblem(params);
            if (problem != null) {
                return new Refuse(HttpStatus.OK, id, McpSchema.ErrorCodes.INVALID_PARAMS, problem);
            }
        }
        return new Pass(message);
    }

    private static String toolCallProblem(JsonNode params) {
        if (params == null) {
            return "tools/call needs params: {\"name\": the tool, \"arguments\": an object}";
        }
        if (!params.path("name").isTextual()) {
            return "tools/call needs params.name, the tool's name as a string";
        }
        JsonNode arguments = params.get("arguments");
        if (arguments != null && !arguments.isNull() && !arguments.isObject()) {
            return "params.arguments of tools/call must be an object of named arguments";
        }
        return null;
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            return MediaType.APPLICATION_JSON.isCompatibleWith(MediaType.parseMediaType(contentType));
        } catch (InvalidMediaTypeException malformed) {
            return false;
        }
    }

    /** Whether the Accept header names the type itself (a wildcard is not enough: the spec asks for both, named). */
    private static boolean accepts(List<String> accept, MediaType type) {
        for (String header : accept) {
            try {
                if (MediaType.parseMediaTypes(header).stream().anyMatch(listed -> listed.getType()
                        .equals(type.getType()) && listed.getSubtype().equals(type.getSubtype()))) {
                    return true;
                }
            } catch (InvalidMediaTypeException malformed) {
                return false;
            }
        }
        return false;
    }

    private static String line(JacksonException malformed) {
        return malformed.getLocation() == null ? "?" : String.valueOf(malformed.getLocation().getLineNr());
    }

    /** What the endpoint does with a request. */
    sealed interface Verdict permits Pass, Refuse, Acknowledge {
    }

    /** The message goes on to the MCP server. */
    record Pass(JsonNode message) implements Verdict {
    }

    /** Answered here with a JSON-RPC error; {@code id} is the request's when it had a usable one. */
    record Refuse(HttpStatus status, JsonNode id, int code, String message) implements Verdict {
    }

    /** A client's response or error: nothing to answer, 202. */
    record Acknowledge() implements Verdict {
    }
}
