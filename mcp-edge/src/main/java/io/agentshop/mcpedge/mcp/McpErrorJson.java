package io.agentshop.mcpedge.mcp;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.IOException;

/**
 * An {@link McpError} written as a JSON-RPC error and nothing else. The SDK's servlet transport hands some of its
 * errors to Spring MVC as the exception object itself, which Jackson would write as a bean: class names, the cause and
 * every stack frame. {@link McpRequestCheck} answers every input we know of before that can happen; this makes sure an
 * input nobody thought of still leaks nothing.
 */
final class McpErrorJson extends SimpleModule {

    McpErrorJson() {
        super("agentshop-mcp-error");
        addSerializer(McpError.class, new StdSerializer<>(McpError.class) {
            @Override
            public void serialize(McpError error, JsonGenerator out, SerializerProvider provider) throws IOException {
                McpSchema.JSONRPCResponse.JSONRPCError rpc = error.getJsonRpcError();
                out.writeStartObject();
                out.writeStringField("jsonrpc", "2.0");
                out.writeNullField("id");
                out.writeObjectFieldStart("error");
                out.writeNumberField("code", rpc == null ? McpSchema.ErrorCodes.INTERNAL_ERROR : rpc.code());
                out.writeStringField("message", rpc == null || rpc.message() == null ? "Internal error" : rpc.message());
                out.writeEndObject();
                out.writeEndObject();
            }
        });
    }
}
