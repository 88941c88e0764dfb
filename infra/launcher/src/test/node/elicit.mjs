// The official TypeScript SDK places an order above the agent's approval threshold, declaring URL-mode elicitation
// (MCP 2025-11-25) or not. Usage: node elicit.mjs <mcp-url> <access-token> <idempotency-key> <url|none>
// Prints one JSON line: the URL elicitation the call was answered with (error -32042), or the tool's result.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { UrlElicitationRequiredError } from "@modelcontextprotocol/sdk/types.js";

const [url, token, key, declare] = process.argv.slice(2);
const transport = new StreamableHTTPClientTransport(new URL(url), {
  requestInit: { headers: { Authorization: `Bearer ${token}` } },
});
const capabilities = declare === "url" ? { elicitation: { url: {} } } : {};
const client = new Client({ name: "typescript-elicitation-check", version: "1.0.0" }, { capabilities });
await client.connect(transport);
const order = { lines: [{ sku: "SHIRT-CLASSIC-M", quantity: 3 }], idempotencyKey: key };
try {
  const result = await client.callTool({ name: "place_order", arguments: order });
  console.log(JSON.stringify({ result: result.structuredContent, isError: result.isError === true,
    text: result.content[0].text }));
} catch (error) {
  if (error instanceof UrlElicitationRequiredError) {
    console.log(JSON.stringify({ elicitationRequired: { code: error.code, elicitations: error.elicitations } }));
  } else {
    console.log(JSON.stringify({ failed: String(error) }));
  }
}
await client.close();
