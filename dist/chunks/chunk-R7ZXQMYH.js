import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);

// src/core/process.ts
import { spawn } from "node:child_process";
import { constants } from "node:os";
var KILL_AFTER_MS = 5e3;
var DRAIN_MS = 2e3;
function signalExitCode(signal) {
  return 128 + (signal ? constants.signals[signal] ?? 0 : 0);
}
var spawnCommand = (command, args, options) => new Promise((resolvePromise, reject) => {
  const group = process.platform !== "win32";
  const child = spawn(command, args, {
    ...options.cwd ? { cwd: options.cwd } : {},
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: group
  });
  const text = { stdout: "", stderr: "" };
  const partial = { stdout: "", stderr: "" };
  let size = 0;
  let outputCapped = false;
  const take = (stream, chunk) => {
    if (outputCapped) return;
    size += Buffer.byteLength(chunk);
    if (options.maxOutputBytes !== void 0 && size > options.maxOutputBytes) {
      outputCapped = true;
      stop();
      return;
    }
    text[stream] += chunk;
    if (!options.onLine) return;
    const lines = (partial[stream] + chunk).split(/\r?\n/);
    partial[stream] = lines.pop() ?? "";
    for (const line of lines) options.onLine(line, stream);
  };
  child.stdout.setEncoding("utf8").on("data", (c) => take("stdout", c));
  child.stderr.setEncoding("utf8").on("data", (c) => take("stderr", c));
  const signal = (name) => {
    try {
      if (group && child.pid !== void 0) process.kill(-child.pid, name);
      else child.kill(name);
    } catch {
      child.kill(name);
    }
  };
  let settled = false;
  const finish = (code, sig) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    clearTimeout(killTimer);
    for (const stream of ["stdout", "stderr"]) {
      if (partial[stream] !== "") options.onLine?.(partial[stream], stream);
    }
    resolvePromise({
      exitCode: code ?? signalExitCode(sig),
      stdout: text.stdout,
      stderr: text.stderr,
      ...timedOut ? { timedOut } : {},
      ...outputCapped ? { outputCapped } : {}
    });
  };
  const stop = () => {
    signal("SIGKILL");
    child.stdout.destroy();
    child.stderr.destroy();
    finish(null, "SIGKILL");
  };
  let timedOut = false;
  let killTimer;
  const grace = options.killGraceMs ?? KILL_AFTER_MS;
  const timer = options.timeoutMs === void 0 ? void 0 : setTimeout(() => {
    timedOut = true;
    if (grace <= 0) return stop();
    signal("SIGTERM");
    killTimer = setTimeout(stop, grace);
  }, options.timeoutMs);
  child.on("error", (error) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    clearTimeout(killTimer);
    reject(error);
  });
  child.on("close", finish);
  child.on("exit", (code, sig) => {
    setTimeout(() => {
      child.stdout.destroy();
      child.stderr.destroy();
      finish(code, sig);
    }, DRAIN_MS).unref();
  });
});
function describeBound(ms) {
  return ms >= 6e4 && ms % 6e4 === 0 ? `${ms / 6e4} minute${ms === 6e4 ? "" : "s"}` : `${Math.round(ms / 1e3)} seconds`;
}
var ProcessTimeoutError = class extends Error {
  code = "ETIMEDOUT";
  timeoutMs;
  constructor(message, timeoutMs) {
    super(message);
    this.name = "ProcessTimeoutError";
    this.timeoutMs = timeoutMs;
  }
};
function createBoundedRunner(bounds) {
  return async (command, args, options) => {
    const result = await spawnCommand(command, args, {
      ...options,
      timeoutMs: bounds.timeoutMs,
      killGraceMs: 0,
      ...bounds.maxOutputBytes !== void 0 ? { maxOutputBytes: bounds.maxOutputBytes } : {}
    });
    if (result.timedOut) {
      throw new ProcessTimeoutError(
        `${command} ${args[0] ?? ""} did not finish within ${describeBound(bounds.timeoutMs)}`,
        bounds.timeoutMs
      );
    }
    if (result.outputCapped) {
      throw new Error(`${command} printed more than ${Math.round((bounds.maxOutputBytes ?? 0) / 1024 / 1024)} MB`);
    }
    return result;
  };
}

export {
  spawnCommand,
  createBoundedRunner
};
