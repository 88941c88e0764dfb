package io.agentshop.mcpedge.identity;

/**
 * What the edge knows about a call besides its token, copied into the Actor.
 *
 * @param toolName  the MCP tool, or the REST control's method and path pattern
 * @param sessionId the MCP session, if any
 * @param requestId the JSON-RPC request id or the HTTP request's id
 * @param traceId   the W3C trace id, if the caller sent one
 */
public record CallContext(String toolName, String sessionId, String requestId, String traceId) {
}
