// A client of the official TypeScript SDK (1.32.2) that has no registration: its client_id is the URL of its Client ID
// Metadata Document (provider.clientMetadataUrl), which the authorization server fetches. Sign in, consent, a tool call.
// Usage: node cimd.mjs <mcp-url> <username> <client-metadata-url>   (the password is always "demo")
// Prints one JSON line with what it saw; exits 1 when the sign-in or the call did not work (a refusal is reported, not
// thrown). Run by AgentShopStoryIT against the launched system, with documents it serves over https.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { Browser, InMemoryProvider, PASSWORD } from "./browser.mjs";

const [mcpUrl, username, clientMetadataUrl] = process.argv.slice(2);
if (!mcpUrl || !username || !clientMetadataUrl) {
  console.error("usage: node cimd.mjs <mcp-url> <username> <client-metadata-url>");
  process.exit(2);
}

const registrations = [];
async function watchingFetch(url, init = {}) {
  if (new URL(String(url)).pathname.endsWith("/register")) registrations.push(String(url));
  return fetch(url, init);
}

const provider = new InMemoryProvider(new Browser(username, PASSWORD), "TypeScript document agent", clientMetadataUrl);
const client = new Client({ name: "typescript-document-agent", version: "1.0.0" });
const transportFor = () => new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider, fetch: watchingFetch });
const report = {};
let failed = false;

try {
  let transport = transportFor();
  try {
    await client.connect(transport);
    throw new Error("expected the first connect to need authorization");
  } catch (error) {
    if (!(error instanceof UnauthorizedError)) throw error;
  }
  const authorization = provider.authorizations.at(-1) ?? {};
  report.clientId = provider.clientInformation()?.client_id;
  report.authorization = { resource: authorization.resource, consentHeading: authorization.consentHeading,
    documentHost: authorization.documentHost,
    consentOffered: authorization.consentOffered, iss: authorization.iss, error: authorization.error,
    error_description: authorization.error_description };
  const code = provider.lastCode();
  if (code instanceof Error) {
    report.refused = authorization.error_description ?? code.message;
  } else {
    await transport.finishAuth(code);
    transport = transportFor();
    await client.connect(transport);
    const me = await client.callTool({ name: "whoami", arguments: {} });
    report.whoami = me.isError ? { isError: true, text: me.content?.[0]?.text } : me.structuredContent;
    failed = me.isError === true;
  }
} catch (error) {
  report.error = { type: error.constructor?.name, message: error.message };
  failed = true;
} finally {
  report.registrations = registrations;
  console.log(JSON.stringify(report));
  client.close().catch(() => {});
  process.exitCode = failed ? 1 : 0;
}
