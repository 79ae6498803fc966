import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);

// src/report/contexts.ts
function describeCounts(counts) {
  return counts.map(
    (c) => c.error ? `${c.context}: ${c.unreachable ? "unreachable" : "not counted"}` : `${c.context}: ${c.running.length}${c.running.length > 0 ? ` (${c.running.join(", ")})` : ""}`
  ).join(", ");
}

export {
  describeCounts
};
