import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  require_dist
} from "./chunk-LXO2NNKM.js";
import {
  ClusterError
} from "./chunk-GGKZYJQ5.js";
import {
  __toESM
} from "./chunk-KCCIMXW4.js";

// src/kube/kubeconfig.ts
var import_yaml = __toESM(require_dist(), 1);
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { delimiter, join } from "node:path";
var SERVICE_ACCOUNT_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token";
var SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"];
function resolveKubeconfig(options = {}) {
  const env = options.env ?? process.env;
  const register = (secrets) => {
    for (const s of secrets) options.secret?.(s);
    return secrets;
  };
  if (options.content !== void 0 && options.content.trim() !== "") {
    const content = options.content;
    const secrets = register(kubeconfigSecrets(content, "the kubeconfig input"));
    const dir = mkdtempSync(join(tmpdir(), "singleton-guard-"));
    const file = join(dir, "kubeconfig");
    writeFileSync(file, content, { mode: 384 });
    chmodSync(file, 384);
    let disposed = false;
    const onSignal = (signal) => {
      dispose();
      process.kill(process.pid, signal);
    };
    const dispose = () => {
      if (disposed) return;
      disposed = true;
      process.removeListener("exit", dispose);
      for (const s of SIGNALS) process.removeListener(s, onSignal);
      rmSync(dir, { recursive: true, force: true });
    };
    process.on("exit", dispose);
    for (const s of SIGNALS) process.once(s, onSignal);
    return { files: [file], tempFile: file, inCluster: false, description: "the kubeconfig input", secrets, dispose };
  }
  const noop = () => {
  };
  const fromEnv = (env.KUBECONFIG ?? "").split(delimiter).filter((f) => f.trim() !== "");
  if (fromEnv.length > 0) {
    const files = fromEnv.filter((f) => existsSync(f));
    if (files.length === 0) {
      throw new ClusterError(
        "config",
        `KUBECONFIG names ${fromEnv.join(delimiter)}, which does not exist: point it at a kubeconfig file or give the kubeconfig input (CLI: --kubeconfig FILE)`
      );
    }
    const secrets = register(files.flatMap((f) => kubeconfigSecrets(readText(f), f)));
    return { files, inCluster: false, description: `KUBECONFIG (${files.join(delimiter)})`, secrets, dispose: noop };
  }
  const home = options.home ?? env.HOME ?? homedir();
  const defaultFile = join(home, ".kube", "config");
  if (existsSync(defaultFile)) {
    const secrets = register(kubeconfigSecrets(readText(defaultFile), defaultFile));
    return { files: [defaultFile], inCluster: false, description: defaultFile, secrets, dispose: noop };
  }
  if (existsSync(options.serviceAccountTokenPath ?? SERVICE_ACCOUNT_TOKEN) && env.KUBERNETES_SERVICE_HOST) {
    return { files: [], inCluster: true, description: "the in-cluster service account", secrets: [], dispose: noop };
  }
  throw new ClusterError(
    "config",
    "no kubeconfig found: set KUBECONFIG, create ~/.kube/config (e.g. with azure/k8s-set-context or your cloud login action) or give the kubeconfig input (CLI: --kubeconfig FILE); refusing to fall back to http://localhost:8080"
  );
}
function readText(file) {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw new ClusterError(
      "config",
      `cannot read kubeconfig ${file}: ${error.code ?? "error"}`,
      {
        cause: error
      }
    );
  }
}
function kubeconfigSecrets(text, where) {
  void where;
  const doc = parseQuietly(text);
  const users = doc?.users;
  if (!Array.isArray(users)) return [];
  const found = /* @__PURE__ */ new Set();
  for (const u of users) collectCredentials(u?.user, "", found);
  return [...found].filter((v) => v.length >= 6);
}
function kubeconfigMasks(text) {
  const doc = parseQuietly(text);
  const masks = /* @__PURE__ */ new Set();
  const add = (value) => {
    for (const v of [value, ...value.split(/\r?\n/)]) if (v.trim().length >= 4) masks.add(v.trim());
  };
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    for (const line of text.split(/\r?\n/)) add(line);
    return [...masks];
  }
  const found = /* @__PURE__ */ new Set();
  collectCredentials(doc, "", found);
  for (const v of found) add(v);
  return [...masks];
}
function parseQuietly(text) {
  try {
    return (0, import_yaml.parse)(text, { prettyErrors: false, maxAliasCount: 100, logLevel: "error" });
  } catch {
    return void 0;
  }
}
var CREDENTIAL_KEY = /token|password|secret|key-data|certificate-data/i;
var PATH_KEY = /file$|^client-key$|^client-certificate$/i;
var PUBLIC_AUTH_PROVIDER_KEYS = /* @__PURE__ */ new Set([
  "client-id",
  "idp-issuer-url",
  "idp-certificate-authority",
  "idp-certificate-authority-data",
  "cmd-path",
  "cmd-args",
  "expiry",
  "expiry-key",
  "token-key",
  "apiserver-id",
  "tenant-id",
  "environment",
  "config-mode",
  "scopes"
]);
var SECRET_ENV_NAME = /token|secret|password|passwd|key|credential|auth|session/i;
function collectCredentials(value, key, found) {
  if (typeof value === "string" || typeof value === "number") {
    if (CREDENTIAL_KEY.test(key) && !PATH_KEY.test(key)) found.add(String(value));
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) collectCredentials(v, key, found);
    return;
  }
  if (!value || typeof value !== "object") return;
  for (const [k, v] of Object.entries(value)) {
    if (k === "config" && key === "auth-provider" && v && typeof v === "object" && !Array.isArray(v)) {
      for (const [name, setting] of Object.entries(v)) {
        if (typeof setting === "string" && !PUBLIC_AUTH_PROVIDER_KEYS.has(name)) found.add(setting);
      }
    } else if (k === "env" && key === "exec" && Array.isArray(v)) {
      for (const e of v) {
        const { name, value: setting } = e ?? {};
        if (typeof setting !== "string") continue;
        if (typeof name === "string" && SECRET_ENV_NAME.test(name) || setting.length >= 16) found.add(setting);
      }
    } else {
      collectCredentials(v, k, found);
    }
  }
}

export {
  resolveKubeconfig,
  kubeconfigMasks
};
