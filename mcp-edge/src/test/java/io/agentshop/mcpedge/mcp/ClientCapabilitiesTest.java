package io.agentshop.mcpedge.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * URL elicitation is used only for the token whose initialize declared it explicitly, in a protocol version that has
 * it; anything else (another token of the same client and user included) gets the link instead.
 */
class ClientCapabilitiesTest {

    private final ObjectMapper json = new ObjectMapper();
    private final ClientCapabilities capabilities = new ClientCapabilities();

    @Test
    void onlyAnExplicitUrlModeInAVersionThatHasItCounts() throws Exception {
        capabilities.initialized("t-url", initialize("2025-11-25", "{\"elicitation\": {\"url\": {}}}"));
        capabilities.initialized("t-empty", initialize("2025-11-25", "{\"elicitation\": {}}"));
        capabilities.initialized("t-form", initialize("2025-11-25", "{\"elicitation\": {\"form\": {}}}"));
        capabilities.initialized("t-true", initialize("2025-11-25", "{\"elicitation\": {\"url\": true}}"));
        capabilities.initialized("t-old", initialize("2025-06-18", "{\"elicitation\": {\"url\": {}}}"));
        capabilities.initialized(null, initialize("2025-11-25", "{\"elicitation\": {\"url\": {}}}"));

        assertThat(capabilities.urlElicitation("t-url")).isTrue();
        assertThat(capabilities.urlElicitation("t-empty")).as("{} means form mode only").isFalse();
        assertThat(capabilities.urlElicitation("t-form")).isFalse();
        assertThat(capabilities.urlElicitation("t-true")).as("not an object").isFalse();
        assertThat(capabilities.urlElicitation("t-old")).as("a version without URL mode").isFalse();
        assertThat(capabilities.urlElicitation("t-other")).as("another token, never initialized here").isFalse();
        assertThat(capabilities.urlElicitation(null)).as("a token without jti").isFalse();
    }

    @Test
    void theLatestInitializeOfATokenDecides() throws Exception {
        capabilities.initialized("t", initialize("2025-11-25", "{\"elicitation\": {\"url\": {}}}"));
        capabilities.initialized("t", initialize("2025-11-25", "{}"));

        assertThat(capabilities.urlElicitation("t")).isFalse();
    }

    private JsonNode initialize(String version, String clientCapabilities) throws Exception {
        return json.readTree("{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"initialize\", \"params\": {"
                + "\"protocolVersion\": \"" + version + "\", \"capabilities\": " + clientCapabilities
                + ", \"clientInfo\": {\"name\": \"t\", \"version\": \"1\"}}}");
    }
}
