// The official TypeScript SDK talks to the edge as an agent would: initialize, tools/list, tools/call.
// Usage: node client.mjs <mcp-url> <access-token> <idempotency-key>; prints one JSON line with what it saw.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [url, token, key] = process.argv.slice(2);
const transport = new StreamableHTTPClientTransport(new URL(url), {
  requestInit: { headers: { Authorization: `Bearer ${token}` } },
});
const client = new Client({ name: "typescript-sdk-check", version: "1.0.0" });
await client.connect(transport);
const tools = await client.listTools();
const placed = await client.callTool({
  name: "place_order",
  arguments: { lines: [{ sku: "STICKERS-PACK", quantity: 1 }], idempotencyKey: key },
});
const refused = await client.callTool({
  name: "place_order",
  arguments: { lines: [{ sku: "NO-SUCH-SKU", quantity: 1 }], idempotencyKey: key + "-2" },
});
console.log(JSON.stringify({
  server: client.getServerVersion(),
  protocolVersion: transport.protocolVersion,
  tools: tools.tools.map((tool) => tool.name).sort(),
  placed: placed.structuredContent,
  refused: { isError: refused.isError, text: refused.content[0].text },
}));
await client.close();
