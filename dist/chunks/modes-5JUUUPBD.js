import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import "./chunk-KCCIMXW4.js";

// src/modes/index.ts
async function runMode(settings, io, deps = {}) {
  const mode = settings.mode;
  if (mode === "lint") {
    const { runLint } = await import("./lint-YCYWRVGX.js");
    return { mode, lint: await runLint(settings, io.stdin) };
  }
  if (mode === "policy") {
    const { runPolicy } = await import("./policy-WXMC6LMN.js");
    return { mode, policy: await runPolicy(settings, io, deps.policy) };
  }
  const { runGuard } = await import("./run-YC3HEAIN.js");
  return { mode, guard: await runGuard(settings, io, deps.guard) };
}
export {
  runMode
};
