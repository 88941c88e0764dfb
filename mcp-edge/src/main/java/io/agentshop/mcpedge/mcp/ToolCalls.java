package io.agentshop.mcpedge.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentshop.commandside.api.Actor;
import io.agentshop.commandside.api.CommandRefusedException;
import io.agentshop.mcpedge.identity.ActorFromToken;
import io.agentshop.mcpedge.identity.CallContext;
import io.agentshop.mcpedge.identity.TraceIds;
import io.agentshop.mcpedge.identity.UnusableTokenException;
import io.agentshop.mcpedge.queryside.OwnOrders;
import io.agentshop.mcpedge.text.JsonText;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How every tool call runs: the Actor from the caller's token and the call, the tool's scope checked again, the
 * arguments validated against the tool's input schema (invalid: a JSON-RPC invalid-params error), the tool's work,
 * and its outcome as a tool result. A refusal is a result with {@code isError} and the reason code, the domain's
 * sentence and what to do next; nothing was changed. No stack trace ever leaves.
 */
@Component
class ToolCalls {

    static final String JSON_RPC_ID = "agentshop.mcp.jsonrpc-id";
    private static final String REASON = "agentshop/reason";
    private static final Logger log = LoggerFactory.getLogger(ToolCalls.class);

    private final ActorFromToken actors;
    private final TraceIds traces;
    private final ObjectMapper json;
    private final ArgumentRules argumentRules;
    private final MeterRegistry meters;

    ToolCalls(ActorFromToken actors, TraceIds traces, ObjectMapper json, MeterRegistry meters) {
        this.actors = actors;
        this.traces = traces;
        this.json = json;
        this.argumentRules = new ArgumentRules(json);
        this.meters = meters;
    }

    /** {@code agentshop.tool.calls}: every call timed, by tool, outcome and reason. */
    McpSchema.CallToolResult call(ShopTool tool, McpTransportContext context, McpSchema.CallToolRequest request) {
        Timer.Sample sample = Timer.start(meters);
        String outcome = "failed";
        String reason = "none";
        try {
            McpSchema.CallToolResult result = handle(tool, context, request);
            boolean refused = Boolean.TRUE.equals(result.isError());
            outcome = refused ? "refused" : "ok";
            reason = refused ? String.valueOf(result.meta().get(REASON)) : "none";
            return result;
        } catch (McpError error) {
            boolean elicitation = error.getJsonRpcError().code() == McpSchema.ErrorCodes.URL_ELICITATION_REQUIRED;
            outcome = elicitation ? "elicitation" : "invalid";
            reason = elicitation ? "URL_ELICITATION_REQUIRED" : "INVALID_PARAMS";
            throw error;
        } finally {
            sample.stop(Timer.builder("agentshop.tool.calls")
                    .description("MCP tool calls, from arguments to result")
                    .tags("tool", tool.name(), "outcome", outcome, "reason", reason)
                    .publishPercentileHistogram()
                    .register(meters));
        }
    }

    private McpSchema.CallToolResult handle(ShopTool tool, McpTransportContext context,
                                            McpSchema.CallToolRequest request) {
        Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
        try {
            arguments = json.convertValue(JsonText.normalized(json.valueToTree(arguments)), Map.class);
        } catch (JsonText.Refused refused) {
            throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
                    .message("invalid arguments for " + tool.name() + ": " + refused.getMessage())
                    .build();
        }
        List<String> problems = argumentRules.problems(tool, arguments);
        if (!problems.isEmpty()) {
            throw McpError.builder(McpSchema.ErrorCodes.INVALID_PARAMS)
                    .message("invalid arguments for " + tool.name() + ": " + String.join("; ", problems))
                    .build();
        }
        try {
            Actor actor = actor(tool, context);
            if (!actor.hasScope(tool.scope())) {
                return refused("SCOPE_MISSING", "the access token lacks the scope '" + tool.scope() + "'",
                        "Ask the user to sign in again and grant it.");
            }
            Object result = tool.handler().call(actor, json.valueToTree(arguments));
            JsonNode structured = json.valueToTree(result);
            return McpSchema.CallToolResult.builder()
                    .structuredContent(json.convertValue(structured, Map.class))
                    .addTextContent(json.writeValueAsString(structured))
                    .build();
        } catch (CommandRefusedException refusal) {
            return refused(refusal.reason().name(), refusal.sentence(), NextSteps.after(refusal.reason()));
        } catch (ErrorResponseException readSide) {
            String detail = readSide.getBody().getDetail() != null ? readSide.getBody().getDetail()
                    : "the shop's read side answered " + readSide.getStatusCode().value();
            if (OwnOrders.isOrderNotShown(readSide)) {
                return refused("ORDER_NOT_SHOWN", detail, "Tell the user the order exists but cannot be shown right"
                        + " now; do not place it again. The shop's operators can see why.");
            }
            return refused(readSide.getStatusCode().value() == 404 ? "NOT_FOUND" : "UNAVAILABLE", detail,
                    readSide.getStatusCode().is5xxServerError() ? "Try again in a moment." : "");
        } catch (McpError protocolAnswer) {
            throw protocolAnswer; // a JSON-RPC error the tool chose (URL elicitation), not a failure
        } catch (UnusableTokenException unusable) {
            return refused("NOT_DONE", unusable.getMessage(), "");
        } catch (Exception unexpected) {
            String reference = UUID.randomUUID().toString();
            log.error("tool {} failed (reference {})", tool.name(), reference, unexpected);
            return refused("SYSTEM_ERROR", "the shop could not process this call (reference " + reference + ")",
                    "Try again later; if it keeps failing, tell the user the shop has a problem.");
        }
    }

    private Actor actor(ShopTool tool, McpTransportContext context) {
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token)) {
            throw new UnusableTokenException("tool calls need a bearer token");
        }
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        Object requestId = request == null ? null : request.getAttribute(JSON_RPC_ID, RequestAttributes.SCOPE_REQUEST);
        return actors.actor(token.getToken(), new CallContext(tool.name(), null,
                requestId == null ? null : requestId.toString(), traces.current()));
    }

    /** Text only: a client validating structuredContent against the output schema must not trip over an error. */
    private static McpSchema.CallToolResult refused(String reason, String sentence, String nextStep) {
        String said = sentence == null || sentence.isBlank() ? "refused" : sentence;
        String text = reason + ": " + said + (said.endsWith(".") ? "" : ".")
                + (nextStep.isEmpty() ? "" : " Next step: " + nextStep);
        return McpSchema.CallToolResult.builder()
                .isError(true)
                .addTextContent(text)
                .meta(Map.of(REASON, reason))
                .build();
    }
}
