import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  UsageError
} from "./chunk-YKGEZ3GL.js";

// src/core/duration.ts
var UNIT_MS = { ms: 1, s: 1e3, m: 6e4, h: 36e5 };
function parseDuration(text, what = "duration") {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1e3);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(trimmed); m; m = re.exec(trimmed)) {
    total += Number(m[1]) * UNIT_MS[m[2]];
    matched = re.lastIndex;
  }
  if (trimmed === "" || matched !== trimmed.length) {
    throw new UsageError(`invalid ${what} "${text}": use a duration such as 30s, 5m or 1m30s`);
  }
  return Math.round(total);
}
function formatDuration(ms) {
  const rounded = Math.round(ms);
  if (rounded < 1e3) return `${rounded}ms`;
  if (rounded < 9950) return `${(rounded / 1e3).toFixed(1).replace(/\.0$/, "")}s`;
  const seconds = Math.round(rounded / 1e3);
  if (seconds < 60) return `${seconds}s`;
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return s ? `${m}m${s}s` : `${m}m`;
}

export {
  parseDuration,
  formatDuration
};
