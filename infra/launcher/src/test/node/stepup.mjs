// OAuth step-up with the official TypeScript SDK (1.32.2): sign in, call a tool, get the 403 insufficient_scope of a
// tool that needs more scope, re-authorize for it and call it again.
// Usage: node stepup.mjs <mcp-url> <username>   (the password is always "demo")
// Prints one JSON line with what it saw; exits 1 when the step-up is refused (by the authorization server or the edge).
// Run by AgentShopStoryIT against the launched system, which checks what the line says.
//
// What SDK 1.32.2 does by itself on a 403 insufficient_scope (client/streamableHttp.js, send()): it calls auth() with
// the challenged scope; auth() spends the refresh token first (client/auth.js, authInternal()), the refreshed token
// carries the same scopes, the retried request gets the same 403 and the transport gives up with
// "Server returned 403 after trying upscoping". A refresh cannot widen scope, so the client completes the step-up
// itself: drop the stored tokens (keeping the client registration), call auth() with the scopes it needs (those it
// has plus the challenged ones), which now starts a new authorization-code request (PKCE), send the person to it,
// exchange the code with auth({authorizationCode}) (or transport.finishAuth) and repeat the call.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { auth, extractWWWAuthenticateParams, UnauthorizedError } from "@modelcontextprotocol/sdk/client/auth.js";
import { Browser, InMemoryProvider, PASSWORD } from "./browser.mjs";

const [mcpUrl, username] = process.argv.slice(2);
if (!mcpUrl || !username) {
  console.error("usage: node stepup.mjs <mcp-url> <username>");
  process.exit(2);
}
const log = (...args) => console.error("[stepup]", ...args);

// --- what went over the wire (to stderr), and the last challenge the edge sent --------------------------------------
const trace = [];
let lastChallenge;
async function tracingFetch(url, init = {}) {
  const response = await fetch(url, init);
  const target = new URL(String(url));
  const entry = { method: init.method ?? "GET", url: target.origin + target.pathname, status: response.status };
  const body = typeof init.body === "string" ? init.body : init.body instanceof URLSearchParams ? init.body.toString() : undefined;
  if (target.pathname.endsWith("/register") && body) {
    entry.registeredWithScope = JSON.parse(body).scope ?? null;
  } else if (body && body.includes("grant_type=")) {
    const form = new URLSearchParams(body);
    entry.grant = form.get("grant_type");
    entry.resource = form.get("resource");
    entry.scopeParam = form.get("scope");
  } else if (body && body.startsWith("{")) {
    const message = JSON.parse(body);
    entry.rpc = message.method === "tools/call" ? `tools/call ${message.params?.name}` : message.method;
  }
  const challenge = response.headers.get("www-authenticate");
  if (challenge) {
    entry.wwwAuthenticate = challenge;
    lastChallenge = { status: response.status, header: challenge };
  }
  trace.push(entry);
  log(JSON.stringify(entry));
  return response;
}

function describe(error) {
  return error && { type: error.constructor?.name, code: error.code, message: error.message };
}

const scopesOf = (tokens) => (tokens?.scope ?? "").split(/\s+/).filter(Boolean).sort();

// --- the run ---------------------------------------------------------------------------------------------------------
const provider = new InMemoryProvider(new Browser(username, PASSWORD), "TypeScript step-up agent");
const client = new Client({ name: "typescript-step-up-agent", version: "1.0.0" });
const transportFor = () => new StreamableHTTPClientTransport(new URL(mcpUrl), { authProvider: provider, fetch: tracingFetch });
const report = { user: username };
let failure;

function finish() {
  report.registration = {
    // what the SDK sent as "scope" in each POST /register (RFC 7591), and what the server registered last
    registeredWithScope: trace.filter((entry) => entry.registeredWithScope !== undefined)
      .map((entry) => entry.registeredWithScope),
    grantedByServer: provider.clientInformation()?.scope,
    clientId: provider.clientInformation()?.client_id,
  };
  report.authorizationRequests = provider.authorizations.map(({ requestedScope, resource, error }) =>
    ({ scope: requestedScope, resource, ...(error ? { error } : {}) }));
  if (failure) report.stepUpFailed = failure;
  console.log(JSON.stringify(report));
  client.close().catch(() => {});
  process.exitCode = failure ? 1 : 0;
}

try {
  // 1. First sign-in: connect fails with UnauthorizedError after redirectToAuthorization ran; finishAuth; reconnect
  //    with a new transport (as the SDK's examples/client/simpleOAuthClient.js does).
  let transport = transportFor();
  try {
    await client.connect(transport);
    throw new Error("expected the first connect to need authorization");
  } catch (error) {
    if (!(error instanceof UnauthorizedError)) throw error;
  }
  const firstCode = provider.lastCode();
  if (firstCode instanceof Error) throw firstCode;
  await transport.finishAuth(firstCode);
  report.firstScopes = scopesOf(provider.tokens());
  report.consentOfferedFirst = provider.authorizations[0].consentOffered;
  transport = transportFor();
  await client.connect(transport);

  const whoami = await client.callTool({ name: "whoami", arguments: {} });
  report.whoami = whoami.isError ? { isError: true, text: whoami.content?.[0]?.text } : whoami.structuredContent;

  // 2. A tool that needs more scope: see what the SDK does with the 403.
  const redirectsBefore = provider.authorizations.length;
  const grantsBefore = trace.filter((entry) => entry.grant === "refresh_token").length;
  let refused;
  try {
    const result = await client.callTool({ name: "audit_search", arguments: {} });
    report.auditSearchWithoutStepUp = { isError: result.isError };
  } catch (error) {
    refused = error;
  }
  report.challengeSeen = {
    ...describe(refused),
    unauthorizedError: refused instanceof UnauthorizedError,
    wwwAuthenticate: lastChallenge?.status === 403 ? lastChallenge.header : undefined,
    sdkSpentRefreshToken: trace.filter((entry) => entry.grant === "refresh_token").length > grantsBefore,
    sdkStartedAuthorization: provider.authorizations.length > redirectsBefore,
  };

  if (refused) {
    if (lastChallenge?.status !== 403) throw refused;
    // 3. Step-up. The challenge, parsed by the SDK's own parser.
    const challenge = extractWWWAuthenticateParams(new Response(null, {
      status: 403, headers: { "WWW-Authenticate": lastChallenge.header } }));
    if (challenge.error !== "insufficient_scope") throw refused;
    // Ask for exactly what the challenge names: the edge names the missing scope together with those the token holds,
    // so the new token keeps them (whoami needs account:read). A client that kept only the challenged scope of a
    // server that names just the missing one would lose the rest.
    const scope = (challenge.scope ?? "").split(/\s+/).filter(Boolean).join(" ");
    report.challengedScopes = scope.split(" ").sort();
    report.stepUpRequestedScope = scope;
    if (provider.authorizations.length === redirectsBefore) {
      // The SDK refreshed instead of authorizing. Without tokens, auth() cannot refresh: it starts a new
      // authorization-code request for `scope`, with the client registration it already has.
      provider.invalidateCredentials("tokens");
      const result = await auth(provider, {
        serverUrl: new URL(mcpUrl), scope, resourceMetadataUrl: challenge.resourceMetadataUrl, fetchFn: tracingFetch });
      if (result !== "REDIRECT") throw new Error(`auth() returned ${result} where a new authorization was expected`);
    }
    const stepUp = provider.authorizations.at(-1);
    report.consentOfferedOnStepUp = stepUp.consentOffered;
    report.alreadyAllowedOnStepUp = stepUp.alreadyAllowed;
    const code = provider.lastCode();
    if (code instanceof Error) {
      failure = { where: "authorization server, authorization endpoint (the step-up authorization request)",
        error: stepUp.error, error_description: stepUp.error_description, requestedScope: stepUp.requestedScope,
        registeredScope: provider.clientInformation()?.scope, redirectedTo: stepUp.redirectedTo };
      throw code;
    }
    const exchanged = await auth(provider, {
      serverUrl: new URL(mcpUrl), authorizationCode: code, resourceMetadataUrl: challenge.resourceMetadataUrl,
      fetchFn: tracingFetch });
    if (exchanged !== "AUTHORIZED") throw new Error(`code exchange returned ${exchanged}`);
    report.secondScopes = scopesOf(provider.tokens());

    // 4. The same call again, on the same session: the transport reads the new token from the provider.
    try {
      const result = await client.callTool({ name: "audit_search", arguments: {} });
      report.auditSearch = result.isError
        ? { isError: true, text: result.content?.[0]?.text }
        : { isError: false, structuredContentKeys: Object.keys(result.structuredContent ?? {}).sort() };
      if (result.isError) failure = { where: "edge, audit_search after step-up", text: result.content?.[0]?.text };
      // What the shop now holds for this agent: the consent to the wider scope was recorded as its delegation.
      const me = await client.callTool({ name: "whoami", arguments: {} });
      report.delegationAfter = me.isError ? { isError: true, text: me.content?.[0]?.text }
        : { scopes: [...(me.structuredContent?.delegation?.scopes ?? [])].sort(), tokenScopes: me.structuredContent?.scopes };
    } catch (error) {
      report.auditSearch = { thrown: describe(error) };
      failure = { where: "edge, audit_search after step-up", error: describe(error),
        wwwAuthenticate: lastChallenge?.header };
      throw error;
    }
  }
} catch (error) {
  failure ??= { where: "before the step-up", error: describe(error) };
  console.error(`[stepup] FAILED: ${error.message}`);
} finally {
  finish();
}
