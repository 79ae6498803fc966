import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import "./chunk-KCCIMXW4.js";

// src/modes/index.ts
async function runMode(settings, io, deps = {}) {
  const mode = settings.mode;
  if (mode === "lint") {
    const { runLint } = await import("./lint-THV5KQJF.js");
    return { mode, lint: await runLint(settings, io.stdin) };
  }
  if (mode === "policy") {
    const { runPolicy } = await import("./policy-ZS7SWSEJ.js");
    return { mode, policy: await runPolicy(settings, io, deps.policy) };
  }
  const { runGuard } = await import("./run-ZIMNJI24.js");
  return { mode, guard: await runGuard(settings, io, deps.guard) };
}
export {
  runMode
};
