import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  RunFailure
} from "./chunk-YKGEZ3GL.js";

// src/kube/errors.ts
var ClusterError = class extends RunFailure {
  kind;
  status;
  constructor(kind, message, options) {
    super(message, options);
    this.name = "ClusterError";
    this.kind = kind;
    if (options?.status !== void 0) this.status = options.status;
  }
};
function isTransient(error) {
  if (!(error instanceof ClusterError)) return false;
  if (error.kind === "unreachable") return true;
  return error.kind === "api" && error.status !== void 0 && (error.status >= 500 || error.status === 429);
}
var NETWORK_CODES = /* @__PURE__ */ new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EPIPE",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CLOSED"
]);
function networkCode(error) {
  for (let e = error, depth = 0; e && depth < 8; depth++) {
    const code = e.code;
    if (typeof code === "string" && (NETWORK_CODES.has(code) || code.startsWith("UND_ERR"))) return code;
    const name = e.name;
    if (name === "TimeoutError") return "ETIMEDOUT";
    e = e.cause;
  }
  const message = String(error?.message ?? "");
  if (/fetch failed|socket hang up|other side closed|terminated/i.test(message)) return "ECONNRESET";
  return void 0;
}
var UNKNOWN_AUTHORITY_CODES = /* @__PURE__ */ new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_SIGNATURE_FAILURE",
  "CERT_UNTRUSTED",
  "INVALID_CA"
]);
var CLIENT_CERT_ALERTS = /^ERR_SSL_(?:SSLV3_ALERT_BAD_CERTIFICATE|TLSV1_ALERT_UNKNOWN_CA|SSLV3_ALERT_CERTIFICATE_EXPIRED|SSLV3_ALERT_CERTIFICATE_REVOKED|SSLV3_ALERT_CERTIFICATE_UNKNOWN|SSLV3_ALERT_UNSUPPORTED_CERTIFICATE|TLSV13_ALERT_CERTIFICATE_REQUIRED|TLSV1_ALERT_ACCESS_DENIED)$/;
function tlsFailure(error) {
  for (let e = error, depth = 0; e && depth < 8; depth++) {
    const code = e.code;
    if (typeof code === "string" && (UNKNOWN_AUTHORITY_CODES.has(code) || code.startsWith("CERT_") || code === "ERR_TLS_CERT_ALTNAME_INVALID" || code.startsWith("ERR_SSL_"))) {
      return { code, message: String(e.message ?? "") };
    }
    e = e.cause;
  }
  return void 0;
}
function describeAuthority(connection) {
  const ca = connection?.certificateAuthority;
  const cluster = connection ? ` (cluster "${connection.cluster}")` : "";
  if (ca === "data")
    return `the kubeconfig's certificate-authority-data${cluster} did not sign it: it is wrong or stale`;
  if (ca && ca !== "none")
    return `the kubeconfig's certificate-authority ${ca.file}${cluster} did not sign it: it is wrong, empty or stale`;
  if (ca === "none") return `the kubeconfig names no certificate authority${cluster}, and the system's did not sign it`;
  return "the kubeconfig's certificate authority did not sign it: it is wrong, empty or stale";
}
function describeTls(failure, context) {
  const { code } = failure;
  const at = `the Kubernetes API server at ${context.server}`;
  if (UNKNOWN_AUTHORITY_CODES.has(code)) {
    return `${at} presented a certificate signed by an unknown authority (${code}): ${describeAuthority(context.connection)} (a rebuilt cluster?): put the cluster's CA certificate in the kubeconfig (e.g. get a fresh kubeconfig)`;
  }
  if (code === "CERT_HAS_EXPIRED") {
    return `${at} presented an expired certificate (${code}): renew the API server's certificate, or check this machine's clock`;
  }
  if (code === "CERT_NOT_YET_VALID") {
    return `${at} presented a certificate that is not valid yet (${code}): check this machine's clock`;
  }
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    const m = /(?:Host|IP): (.+?)\.? is not in the cert's (?:altnames|list): (.*)$/.exec(failure.message);
    const serverName = context.connection?.tlsServerName;
    const host = m?.[1] ?? serverName ?? new URL(context.server).hostname;
    const source = serverName && host === serverName ? " (the kubeconfig's tls-server-name)" : "";
    const names = (m?.[2] ?? "").split(/,\s*/).map((n) => n.replace(/^(?:DNS|IP Address):/, "")).filter((n) => n !== "");
    const shown = names.length > 12 ? `${names.slice(0, 12).join(", ")}, …` : names.join(", ");
    return `${at} presented a certificate that is not valid for the host name ${host}${source} (${code})${shown ? `; it names ${shown}` : ""}: use a server address the certificate names, or set tls-server-name in the kubeconfig's cluster`;
  }
  if (CLIENT_CERT_ALERTS.test(code)) {
    return `${at} refused the kubeconfig's client certificate during the TLS handshake (${code}): it is expired, revoked or not signed by the cluster's client CA: issue a new one (or get a fresh kubeconfig)`;
  }
  if (code.startsWith("CERT_")) {
    return `${at} presented a certificate that cannot be trusted (${code}): check the kubeconfig's certificate authority and the server's certificate`;
  }
  const text = failure.message.split("\n")[0];
  return `the TLS handshake with ${at} failed (${code}${text ? `: ${text}` : ""}): check the server address and the kubeconfig's certificate authority`;
}
function describeUnauthorized(context) {
  const rejected = `the Kubernetes API server at ${context.server} rejected`;
  const credential = context.connection?.credential;
  const now = context.connection?.now ?? /* @__PURE__ */ new Date();
  switch (credential?.kind) {
    case "token":
      return `${rejected} the kubeconfig's bearer token (401 Unauthorized): it is invalid, expired, revoked or from another cluster: get a fresh token (e.g. kubectl create token <service-account>) and put it in the kubeconfig`;
    case "client-certificate": {
      const { notAfter, notBefore } = credential;
      if (notAfter && notAfter.getTime() < now.getTime()) {
        return `${rejected} the kubeconfig's client certificate (401 Unauthorized): it expired on ${notAfter.toISOString()}: issue a new one (or get a fresh kubeconfig)`;
      }
      if (notBefore && notBefore.getTime() > now.getTime()) {
        return `${rejected} the kubeconfig's client certificate (401 Unauthorized): it is valid only from ${notBefore.toISOString()}: check this machine's clock`;
      }
      return `${rejected} the kubeconfig's client certificate (401 Unauthorized): the cluster's client CA did not sign it (a kubeconfig from another or a rebuilt cluster?): get a fresh kubeconfig`;
    }
    case "exec":
      return `${rejected} the token from the kubeconfig's exec plugin ${credential.command} (401 Unauthorized): log in again with it (or your cloud's CLI) and check the kubeconfig names this cluster`;
    case "auth-provider":
      return `${rejected} the token from the kubeconfig's auth-provider ${credential.name} (401 Unauthorized): log in again`;
    case "basic":
      return `${rejected} the kubeconfig's username and password (401 Unauthorized): check them, or use a token or client certificate`;
    case "none":
      return `${rejected} an anonymous request (401 Unauthorized): the kubeconfig's user has no credentials: add a token or client certificate`;
    default:
      return `${rejected} the credentials (401 Unauthorized): check the kubeconfig's user`;
  }
}
function statusOf(error) {
  const e = error;
  if (typeof e?.statusCode === "number") return e.statusCode;
  if (typeof e?.code === "number") return e.code;
  return void 0;
}
function statusMessage(error) {
  const body = error?.body;
  let parsed = body;
  if (typeof body === "string") {
    try {
      parsed = JSON.parse(body);
    } catch {
      return body.trim() ? body.trim().split("\n")[0] : void 0;
    }
  }
  const message = parsed?.message;
  return typeof message === "string" ? message : void 0;
}
function describeForbidden(message, context) {
  const m = message?.match(
    /cannot (\w+) resource "([^"]+)"(?: in API group "([^"]*)")?(?: in the namespace "([^"]+)")?/
  );
  const verb = m?.[1] ?? context.verb;
  const resource = m?.[2] ?? context.resource;
  const group = m?.[3];
  const namespace = m?.[4] ?? context.namespace;
  const who = message?.match(/User "([^"]+)"/)?.[1];
  const qualified = group && group !== "apps" ? `${resource}.${group}` : resource;
  return `needs ${verb} on ${qualified}${namespace ? ` in ${namespace}` : " (cluster-wide)"}${who ? ` (denied to ${who})` : ""}: grant it in the guard's Role (see docs/rbac.yaml)`;
}
function toClusterError(error, context) {
  if (error instanceof ClusterError) return error;
  const status = statusOf(error);
  const message = statusMessage(error);
  const where = context.namespace ? ` in ${context.namespace}` : "";
  if (status === 403)
    return new ClusterError("forbidden", describeForbidden(message, context), { cause: error, status });
  if (status === 401) return new ClusterError("unauthorized", describeUnauthorized(context), { cause: error, status });
  if (status === 404) {
    const what = context.name ? `${context.resource}/${context.name}${where}` : `${context.resource}${where}`;
    return new ClusterError("not-found", `${what} not found`, { cause: error, status });
  }
  if (status === 410) {
    return new ClusterError("expired", `resourceVersion too old for ${context.resource}${where} (410 Gone)`, {
      cause: error,
      status
    });
  }
  if (status !== void 0) {
    const text2 = message ? `: ${message.split("\n")[0]}` : "";
    return new ClusterError("api", `${context.verb} ${context.resource}${where} failed with HTTP ${status}${text2}`, {
      cause: error,
      status
    });
  }
  const tls = tlsFailure(error);
  if (tls) return new ClusterError("tls", describeTls(tls, context), { cause: error });
  const code = networkCode(error);
  if (code) {
    return new ClusterError(
      "unreachable",
      `cannot reach the Kubernetes API server at ${context.server} (${code}): is the cluster up and the kubeconfig right?`,
      { cause: error }
    );
  }
  const text = error instanceof Error ? error.message.split("\n")[0] : String(error);
  return new ClusterError("api", `${context.verb} ${context.resource}${where} failed: ${text}`, { cause: error });
}

export {
  ClusterError,
  isTransient,
  toClusterError
};
