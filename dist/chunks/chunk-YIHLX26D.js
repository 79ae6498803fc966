import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  UsageError
} from "./chunk-INP75EDD.js";

// src/kube/errors.ts
var ClusterError = class extends UsageError {
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
  if (status === 401) {
    return new ClusterError(
      "unauthorized",
      `the Kubernetes API server at ${context.server} rejected the credentials (401 Unauthorized): check the kubeconfig's user`,
      { cause: error, status }
    );
  }
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
