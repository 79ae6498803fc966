import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  spawnCommand
} from "./chunk-R7ZXQMYH.js";
import {
  UsageError
} from "./chunk-YKGEZ3GL.js";
import "./chunk-KCCIMXW4.js";

// src/kube/kubectl.ts
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
function applyArgs(files, options, kubeconfig) {
  const args = ["apply"];
  if (options.kustomization !== void 0) args.push("-k", options.kustomization);
  else for (const f of files) args.push("-f", f);
  if (options.namespace) args.push("-n", options.namespace);
  if (options.serverSide) args.push("--server-side", `--field-manager=${options.fieldManager}`);
  if (options.serverSide && options.forceConflicts) args.push("--force-conflicts");
  if (options.requestTimeoutSeconds) args.push(`--request-timeout=${Math.ceil(options.requestTimeoutSeconds)}s`);
  if (kubeconfig) args.push(`--kubeconfig=${kubeconfig}`);
  return args;
}
function createKubectl(options) {
  const run = options.run ?? spawnCommand;
  return {
    async apply(apply) {
      const files = [...apply.files];
      let tempDir;
      if (apply.stdin !== void 0) {
        tempDir = mkdtempSync(join(tmpdir(), "singleton-guard-stdin-"));
        const file = join(tempDir, "stdin.yaml");
        writeFileSync(file, apply.stdin, { mode: 384 });
        files.push(file);
      }
      if (files.length === 0 && apply.kustomization === void 0) {
        throw new UsageError("nothing to apply: no manifest files");
      }
      if (files.length > 0 && apply.kustomization !== void 0) {
        throw new Error("kubectl apply takes manifest files or a Kustomize folder, not both");
      }
      const args = applyArgs(files, apply, options.kubeconfig);
      const stdinFile = tempDir ? files[files.length - 1] : void 0;
      const shown = (line) => options.redact((stdinFile ? line.split(stdinFile).join("<stdin>") : line).trimEnd());
      const lines = (text) => text.split(/\r?\n/).map(shown).filter((l) => l.trim() !== "");
      const streamed = [];
      const onLine = (line, stream) => {
        if (stream !== "stdout") return;
        const text = shown(line);
        if (text.trim() === "") return;
        streamed.push(text);
        apply.onLine?.(text);
      };
      let result;
      try {
        result = await run(options.path, args, { ...options.cwd ? { cwd: options.cwd } : {}, onLine });
      } catch (error) {
        const code = error.code;
        const message = error.message ?? String(error);
        const missing = code === "ENOENT" || /Unable to locate executable|not found/i.test(message);
        throw new UsageError(
          missing ? `kubectl not found at "${options.path}": install kubectl or set the kubectl input to its path` : `kubectl apply could not run: ${options.redact(message.split("\n")[0] ?? "")}`,
          { cause: error }
        );
      } finally {
        if (tempDir) rmSync(tempDir, { recursive: true, force: true });
      }
      if (result.exitCode !== 0) {
        const why = withoutPatchQuotes(lines(result.stderr)).join("; ") || lines(result.stdout).join("; ") || `exit code ${result.exitCode}`;
        throw new Error(`kubectl apply failed: ${why}`);
      }
      for (const line of lines(result.stderr)) options.warning?.(line);
      if (streamed.length === 0) for (const line of lines(result.stdout)) apply.onLine?.(line);
      return lines(result.stdout);
    }
  };
}
function withoutPatchQuotes(lines) {
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const head = /^(.*?):? ?error when applying patch:$/.exec(line);
    if (!head) {
      out.push(line);
      continue;
    }
    const prefix = head[1] ? `${head[1]}: ` : "";
    const end = lines.findIndex((l, j) => j > i && l.startsWith('for: "'));
    if (end < 0) {
      out.push(`${prefix}error when applying patch (kubectl's copy of the patch left out)`);
      break;
    }
    const reason = /^for: "([^"]*)": (?:error when patching "[^"]*": )?(.*)$/.exec(lines[end]);
    out.push(reason ? `${prefix}${reason[2]} (${reason[1]})` : `${prefix}${lines[end]}`);
    i = end;
  }
  return out;
}
export {
  applyArgs,
  createKubectl,
  withoutPatchQuotes
};
