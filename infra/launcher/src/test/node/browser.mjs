// The person at the browser and the OAuth client provider, shared by the scripts that drive the official TypeScript
// SDK through the development authorization server (stepup.mjs, cimd.mjs).
import { randomBytes } from "node:crypto";

export const PASSWORD = "demo";
export const REDIRECT_URI = "http://127.0.0.1:53682/callback";
const log = (...args) => console.error("[browser]", ...args);

// --- the person at the browser: the development authorization server's login and consent pages ---------------------
export class Browser {
  constructor(user, password) {
    this.user = user;
    this.password = password;
    this.cookies = new Map();
  }

  async go(url, init = {}) {
    const headers = new Headers(init.headers);
    headers.set("accept", "text/html"); // the authorization endpoint sends browsers (and only them) to /login
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    if (cookie) headers.set("cookie", cookie);
    const response = await fetch(url, { ...init, headers, redirect: "manual" });
    const location = response.headers.get("location")?.replace(/([?&]code=)[^&]+/, "$1(code)");
    log(`browser ${init.method ?? "GET"} ${new URL(url).pathname} -> ${response.status}${location ? ` ${location}` : ""}`);
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair] = setCookie.split(";");
      const eq = pair.indexOf("=");
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return response;
  }

  /** Runs the authorization request to its redirect back to us; never fetches the (loopback) redirect URI. */
  async authorize(authorizationUrl) {
    const outcome = { requestedScope: authorizationUrl.searchParams.get("scope"),
      resource: authorizationUrl.searchParams.get("resource"), consentOffered: null, alreadyAllowed: null };
    let url = new URL(authorizationUrl);
    let response = await this.go(url);
    for (let step = 0; step < 20; step++) {
      if (response.status >= 300 && response.status < 400) {
        const location = new URL(response.headers.get("location"), url);
        if (location.href.startsWith(REDIRECT_URI)) {
          outcome.redirectedTo = location.href.replace(/([?&]code=)[^&]+/, "$1(code)");
          for (const name of ["code", "state", "iss", "error", "error_description"]) {
            const value = location.searchParams.get(name);
            if (value !== null) outcome[name] = value;
          }
          return outcome;
        }
        url = location;
        response = await this.go(url);
        continue;
      }
      const page = await response.text();
      if (response.status === 200 && url.pathname === "/login") {
        const csrf = inputs(page).find((input) => input.name === "_csrf");
        const form = new URLSearchParams({ username: this.user, password: this.password });
        if (csrf) form.set("_csrf", csrf.value);
        url = new URL(formAction(page) ?? "/login", url);
        response = await this.go(url, { method: "POST", body: form });
        continue;
      }
      if (response.status === 200 && url.pathname === "/consent") {
        const consentForm = page.slice(0, page.indexOf("</form>")); // the first form is "Allow", the second "Deny"
        const fields = inputs(consentForm);
        const checked = fields.filter((input) => input.type === "checkbox" && input.name === "scope" && input.checked);
        outcome.consentOffered = checked.map((input) => input.value);
        outcome.consentHeading = unescape(page.match(/<h1>([\s\S]*?)<\/h1>/)?.[1]?.replace(/<[^>]+>/g, "") ?? "");
        outcome.documentHost = unescape(page.match(/id="document-host">([^<]*)</)?.[1] ?? "") || null;
        const allowedPart = page.includes("Already allowed:") ? page.slice(page.indexOf("Already allowed:")) : "";
        outcome.alreadyAllowed = [...allowedPart.matchAll(/<li>.*?\(<code>([^<]+)<\/code>\)/g)].map((m) => unescape(m[1]));
        const form = new URLSearchParams();
        for (const name of ["client_id", "state"]) {
          form.set(name, fields.find((input) => input.type === "hidden" && input.name === name).value);
        }
        for (const input of checked) form.append("scope", input.value);
        url = new URL(formAction(consentForm), url);
        response = await this.go(url, { method: "POST", body: form });
        continue;
      }
      outcome.error = "unexpected_page";
      outcome.error_description = `HTTP ${response.status} at ${url.origin}${url.pathname}: `
        + page.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim().slice(0, 300);
      return outcome;
    }
    outcome.error = "too_many_redirects";
    return outcome;
  }
}

function unescape(text) {
  return text.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

function inputs(html) {
  return [...html.matchAll(/<input\b([^>]*)>/gi)].map(([, attributes]) => {
    const input = { checked: /\schecked\b/i.test(attributes) };
    for (const [, name, value] of attributes.matchAll(/([\w-]+)="([^"]*)"/g)) input[name.toLowerCase()] = unescape(value);
    return input;
  });
}

function formAction(html) {
  const match = html.match(/<form\b[^>]*\baction="([^"]*)"/i);
  return match ? unescape(match[1]) : undefined;
}

// --- the OAuthClientProvider, all in memory --------------------------------------------------------------------------
export class InMemoryProvider {
  /** {@code clientMetadataUrl}: the client's metadata document, used where the server supports them. */
  constructor(browser, clientName, clientMetadataUrl) {
    this.browser = browser;
    this.clientName = clientName;
    this.clientMetadataUrl = clientMetadataUrl;
    this.authorizations = []; // what each redirectToAuthorization saw
  }
  get redirectUrl() { return REDIRECT_URI; }
  get clientMetadata() {
    return {
      client_name: this.clientName,
      redirect_uris: [REDIRECT_URI],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }
  state() { return (this._state = randomBytes(16).toString("base64url")); }
  clientInformation() { return this._clientInformation; }
  saveClientInformation(information) { this._clientInformation = information; }
  tokens() { return this._tokens; }
  saveTokens(tokens) { this._tokens = tokens; }
  saveCodeVerifier(verifier) { this._codeVerifier = verifier; }
  codeVerifier() {
    if (!this._codeVerifier) throw new Error("no code verifier saved");
    return this._codeVerifier;
  }
  invalidateCredentials(what) {
    log(`invalidateCredentials(${what})`);
    if (what === "all" || what === "tokens") this._tokens = undefined;
    if (what === "all" || what === "client") this._clientInformation = undefined;
    if (what === "all" || what === "verifier") this._codeVerifier = undefined;
  }
  async redirectToAuthorization(authorizationUrl) {
    log(`redirectToAuthorization ${authorizationUrl.origin}${authorizationUrl.pathname} scope=`
      + `${authorizationUrl.searchParams.get("scope")} resource=${authorizationUrl.searchParams.get("resource")}`);
    const outcome = await this.browser.authorize(authorizationUrl);
    if (outcome.state !== undefined && outcome.state !== this._state) {
      outcome.error = "state_mismatch";
    }
    this.authorizations.push(outcome);
    log(`authorization outcome ${JSON.stringify({ ...outcome, code: outcome.code && "(code)" })}`);
  }
  /** The code of the latest authorization, or an Error telling where it was refused. */
  lastCode() {
    const last = this.authorizations.at(-1);
    if (!last) return new Error("the SDK never called redirectToAuthorization");
    if (!last.code) {
      return new Error(`the authorization server refused the authorization request (scope=${last.requestedScope}): `
        + `${last.error}${last.error_description ? ` (${last.error_description})` : ""}`);
    }
    return last.code;
  }
}

