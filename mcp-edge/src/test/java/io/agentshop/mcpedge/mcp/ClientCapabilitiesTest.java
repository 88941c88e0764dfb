package io.agentshop.mcpedge.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** URL elicitation is used only for a client that declared it, for the user it declared it with, in its latest initialize. */
class ClientCapabilitiesTest {

    private final ObjectMapper json = new ObjectMapper();
    private final ClientCapabilities capabilities = new ClientCapabilities();

    @Test
    void onlyAnExplicitUrlModeCounts() throws Exception {
        capabilities.initialized("agent", "alice", initialize("{\"elicitation\": {\"url\": {}}}"));
        capabilities.initialized("agent", "bob", initialize("{\"elicitation\": {}}"));
        capabilities.initialized("agent", "carol", initialize("{\"elicitation\": {\"form\": {}}}"));
        capabilities.initialized("agent", "dave", initialize("{\"elicitation\": {\"url\": true}}"));

        assertThat(capabilities.urlElicitation("agent", "alice")).isTrue();
        assertThat(capabilities.urlElicitation("agent", "bob")).as("{} means form mode only").isFalse();
        assertThat(capabilities.urlElicitation("agent", "carol")).isFalse();
        assertThat(capabilities.urlElicitation("agent", "dave")).as("not an object").isFalse();
        assertThat(capabilities.urlElicitation("agent", "erin")).as("never initialized here").isFalse();
        assertThat(capabilities.urlElicitation("other-agent", "alice")).as("another client").isFalse();
    }

    @Test
    void theLatestInitializeDecides() throws Exception {
        capabilities.initialized("agent", "alice", initialize("{\"elicitation\": {\"url\": {}}}"));
        capabilities.initialized("agent", "alice", initialize("{}"));

        assertThat(capabilities.urlElicitation("agent", "alice")).isFalse();
    }

    private JsonNode initialize(String clientCapabilities) throws Exception {
        return json.readTree("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"initialize\", \"params\": {"
                + "\"protocolVersion\": \"2025-11-25\", \"capabilities\": " + clientCapabilities
                + ", \"clientInfo\": {\"name\": \"t\", \"version\": \"1\"}}}");
    }
}
