import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  INPUT_NAMES,
  causesOf,
  checkedScope,
  countFindingFiles,
  countFindings,
  createProgressPrinter,
  drillLine,
  guardAnnotations,
  lintAnnotations,
  lintSummaryLine,
  parseSettings,
  plural,
  reasonBesideConflicts,
  renderedLine,
  rollbackLine,
  rollbackOutputs,
  stoppedByLint,
  switchLine,
  writeSarif
} from "./chunks/chunk-VNWMVC2V.js";
import {
  CAUSE_ADVICE,
  worstCause
} from "./chunks/chunk-VZDRTJ4G.js";
import {
  kubeconfigMasks
} from "./chunks/chunk-4EYMLM6J.js";
import "./chunks/chunk-FS3KP6GF.js";
import {
  RULES
} from "./chunks/chunk-QG55SJJQ.js";
import "./chunks/chunk-LLMA47TN.js";
import {
  createRedactor,
  redactSecrets
} from "./chunks/chunk-ZOU7WTCJ.js";
import {
  formatDuration
} from "./chunks/chunk-VPAAXXJH.js";
import "./chunks/chunk-GGKZYJQ5.js";
import {
  formatWorkloadRef
} from "./chunks/chunk-N4O3BEYJ.js";
import {
  UsageError,
  errorMessage
} from "./chunks/chunk-YKGEZ3GL.js";
import "./chunks/chunk-KCCIMXW4.js";

// src/action.ts
import { isAbsolute, relative, resolve, sep } from "node:path";

// node_modules/@actions/core/lib/command.js
import * as os from "os";

// node_modules/@actions/core/lib/utils.js
function toCommandValue(input) {
  if (input === null || input === void 0) {
    return "";
  } else if (typeof input === "string" || input instanceof String) {
    return input;
  }
  return JSON.stringify(input);
}
function toCommandProperties(annotationProperties) {
  if (!Object.keys(annotationProperties).length) {
    return {};
  }
  return {
    title: annotationProperties.title,
    file: annotationProperties.file,
    line: annotationProperties.startLine,
    endLine: annotationProperties.endLine,
    col: annotationProperties.startColumn,
    endColumn: annotationProperties.endColumn
  };
}

// node_modules/@actions/core/lib/command.js
function issueCommand(command, properties, message) {
  const cmd = new Command(command, properties, message);
  process.stdout.write(cmd.toString() + os.EOL);
}
var CMD_STRING = "::";
var Command = class {
  constructor(command, properties, message) {
    if (!command) {
      command = "missing.command";
    }
    this.command = command;
    this.properties = properties;
    this.message = message;
  }
  toString() {
    let cmdStr = CMD_STRING + this.command;
    if (this.properties && Object.keys(this.properties).length > 0) {
      cmdStr += " ";
      let first = true;
      for (const key in this.properties) {
        if (this.properties.hasOwnProperty(key)) {
          const val = this.properties[key];
          if (val) {
            if (first) {
              first = false;
            } else {
              cmdStr += ",";
            }
            cmdStr += `${key}=${escapeProperty(val)}`;
          }
        }
      }
    }
    cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
    return cmdStr;
  }
};
function escapeData(s) {
  return toCommandValue(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(s) {
  return toCommandValue(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/:/g, "%3A").replace(/,/g, "%2C");
}

// node_modules/@actions/core/lib/file-command.js
import * as crypto from "crypto";
import * as fs from "fs";
import * as os2 from "os";
function issueFileCommand(command, message) {
  const filePath = process.env[`GITHUB_${command}`];
  if (!filePath) {
    throw new Error(`Unable to find environment variable for file command ${command}`);
  }
  if (!fs.existsSync(filePath)) {
    throw new Error(`Missing file at path: ${filePath}`);
  }
  fs.appendFileSync(filePath, `${toCommandValue(message)}${os2.EOL}`, {
    encoding: "utf8"
  });
}
function prepareKeyValueMessage(key, value) {
  const delimiter = `ghadelimiter_${crypto.randomUUID()}`;
  const convertedValue = toCommandValue(value);
  if (key.includes(delimiter)) {
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  }
  if (convertedValue.includes(delimiter)) {
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  }
  return `${key}<<${delimiter}${os2.EOL}${convertedValue}${os2.EOL}${delimiter}`;
}

// node_modules/@actions/core/lib/core.js
import * as os3 from "os";

// node_modules/@actions/core/lib/summary.js
import { EOL as EOL3 } from "os";
import { constants, promises } from "fs";
var __awaiter = function(thisArg, _arguments, P, generator) {
  function adopt(value) {
    return value instanceof P ? value : new P(function(resolve2) {
      resolve2(value);
    });
  }
  return new (P || (P = Promise))(function(resolve2, reject) {
    function fulfilled(value) {
      try {
        step(generator.next(value));
      } catch (e) {
        reject(e);
      }
    }
    function rejected(value) {
      try {
        step(generator["throw"](value));
      } catch (e) {
        reject(e);
      }
    }
    function step(result) {
      result.done ? resolve2(result.value) : adopt(result.value).then(fulfilled, rejected);
    }
    step((generator = generator.apply(thisArg, _arguments || [])).next());
  });
};
var { access, appendFile, writeFile } = promises;
var SUMMARY_ENV_VAR = "GITHUB_STEP_SUMMARY";
var Summary = class {
  constructor() {
    this._buffer = "";
  }
  /**
   * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
   * Also checks r/w permissions.
   *
   * @returns step summary file path
   */
  filePath() {
    return __awaiter(this, void 0, void 0, function* () {
      if (this._filePath) {
        return this._filePath;
      }
      const pathFromEnv = process.env[SUMMARY_ENV_VAR];
      if (!pathFromEnv) {
        throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
      }
      try {
        yield access(pathFromEnv, constants.R_OK | constants.W_OK);
      } catch (_a) {
        throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
      }
      this._filePath = pathFromEnv;
      return this._filePath;
    });
  }
  /**
   * Wraps content in an HTML tag, adding any HTML attributes
   *
   * @param {string} tag HTML tag to wrap
   * @param {string | null} content content within the tag
   * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
   *
   * @returns {string} content wrapped in HTML element
   */
  wrap(tag, content, attrs = {}) {
    const htmlAttrs = Object.entries(attrs).map(([key, value]) => ` ${key}="${value}"`).join("");
    if (!content) {
      return `<${tag}${htmlAttrs}>`;
    }
    return `<${tag}${htmlAttrs}>${content}</${tag}>`;
  }
  /**
   * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
   *
   * @param {SummaryWriteOptions} [options] (optional) options for write operation
   *
   * @returns {Promise<Summary>} summary instance
   */
  write(options) {
    return __awaiter(this, void 0, void 0, function* () {
      const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
      const filePath = yield this.filePath();
      const writeFunc = overwrite ? writeFile : appendFile;
      yield writeFunc(filePath, this._buffer, { encoding: "utf8" });
      return this.emptyBuffer();
    });
  }
  /**
   * Clears the summary buffer and wipes the summary file
   *
   * @returns {Summary} summary instance
   */
  clear() {
    return __awaiter(this, void 0, void 0, function* () {
      return this.emptyBuffer().write({ overwrite: true });
    });
  }
  /**
   * Returns the current summary buffer as a string
   *
   * @returns {string} string of summary buffer
   */
  stringify() {
    return this._buffer;
  }
  /**
   * If the summary buffer is empty
   *
   * @returns {boolen} true if the buffer is empty
   */
  isEmptyBuffer() {
    return this._buffer.length === 0;
  }
  /**
   * Resets the summary buffer without writing to summary file
   *
   * @returns {Summary} summary instance
   */
  emptyBuffer() {
    this._buffer = "";
    return this;
  }
  /**
   * Adds raw text to the summary buffer
   *
   * @param {string} text content to add
   * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
   *
   * @returns {Summary} summary instance
   */
  addRaw(text, addEOL = false) {
    this._buffer += text;
    return addEOL ? this.addEOL() : this;
  }
  /**
   * Adds the operating system-specific end-of-line marker to the buffer
   *
   * @returns {Summary} summary instance
   */
  addEOL() {
    return this.addRaw(EOL3);
  }
  /**
   * Adds an HTML codeblock to the summary buffer
   *
   * @param {string} code content to render within fenced code block
   * @param {string} lang (optional) language to syntax highlight code
   *
   * @returns {Summary} summary instance
   */
  addCodeBlock(code2, lang) {
    const attrs = Object.assign({}, lang && { lang });
    const element = this.wrap("pre", this.wrap("code", code2), attrs);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML list to the summary buffer
   *
   * @param {string[]} items list of items to render
   * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
   *
   * @returns {Summary} summary instance
   */
  addList(items, ordered = false) {
    const tag = ordered ? "ol" : "ul";
    const listItems = items.map((item) => this.wrap("li", item)).join("");
    const element = this.wrap(tag, listItems);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML table to the summary buffer
   *
   * @param {SummaryTableCell[]} rows table rows
   *
   * @returns {Summary} summary instance
   */
  addTable(rows) {
    const tableBody = rows.map((row2) => {
      const cells = row2.map((cell) => {
        if (typeof cell === "string") {
          return this.wrap("td", cell);
        }
        const { header, data, colspan, rowspan } = cell;
        const tag = header ? "th" : "td";
        const attrs = Object.assign(Object.assign({}, colspan && { colspan }), rowspan && { rowspan });
        return this.wrap(tag, data, attrs);
      }).join("");
      return this.wrap("tr", cells);
    }).join("");
    const element = this.wrap("table", tableBody);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds a collapsable HTML details element to the summary buffer
   *
   * @param {string} label text for the closed state
   * @param {string} content collapsable content
   *
   * @returns {Summary} summary instance
   */
  addDetails(label, content) {
    const element = this.wrap("details", this.wrap("summary", label) + content);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML image tag to the summary buffer
   *
   * @param {string} src path to the image you to embed
   * @param {string} alt text description of the image
   * @param {SummaryImageOptions} options (optional) addition image attributes
   *
   * @returns {Summary} summary instance
   */
  addImage(src, alt, options) {
    const { width, height } = options || {};
    const attrs = Object.assign(Object.assign({}, width && { width }), height && { height });
    const element = this.wrap("img", null, Object.assign({ src, alt }, attrs));
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML section heading element
   *
   * @param {string} text heading text
   * @param {number | string} [level=1] (optional) the heading level, default: 1
   *
   * @returns {Summary} summary instance
   */
  addHeading(text, level) {
    const tag = `h${level}`;
    const allowedTag = ["h1", "h2", "h3", "h4", "h5", "h6"].includes(tag) ? tag : "h1";
    const element = this.wrap(allowedTag, text);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML thematic break (<hr>) to the summary buffer
   *
   * @returns {Summary} summary instance
   */
  addSeparator() {
    const element = this.wrap("hr", null);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML line break (<br>) to the summary buffer
   *
   * @returns {Summary} summary instance
   */
  addBreak() {
    const element = this.wrap("br", null);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML blockquote to the summary buffer
   *
   * @param {string} text quote text
   * @param {string} cite (optional) citation url
   *
   * @returns {Summary} summary instance
   */
  addQuote(text, cite) {
    const attrs = Object.assign({}, cite && { cite });
    const element = this.wrap("blockquote", text, attrs);
    return this.addRaw(element).addEOL();
  }
  /**
   * Adds an HTML anchor tag to the summary buffer
   *
   * @param {string} text link text/content
   * @param {string} href hyperlink
   *
   * @returns {Summary} summary instance
   */
  addLink(text, href) {
    const element = this.wrap("a", text, { href });
    return this.addRaw(element).addEOL();
  }
};
var _summary = new Summary();
var summary = _summary;

// node_modules/@actions/core/lib/core.js
var ExitCode;
(function(ExitCode2) {
  ExitCode2[ExitCode2["Success"] = 0] = "Success";
  ExitCode2[ExitCode2["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
function setSecret(secret) {
  issueCommand("add-mask", {}, secret);
}
function getInput(name, options) {
  const val = process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] || "";
  if (options && options.required && !val) {
    throw new Error(`Input required and not supplied: ${name}`);
  }
  if (options && options.trimWhitespace === false) {
    return val;
  }
  return val.trim();
}
function setOutput(name, value) {
  const filePath = process.env["GITHUB_OUTPUT"] || "";
  if (filePath) {
    return issueFileCommand("OUTPUT", prepareKeyValueMessage(name, value));
  }
  process.stdout.write(os3.EOL);
  issueCommand("set-output", { name }, toCommandValue(value));
}
function setFailed(message) {
  process.exitCode = ExitCode.Failure;
  error(message);
}
function error(message, properties = {}) {
  issueCommand("error", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function warning(message, properties = {}) {
  issueCommand("warning", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function notice(message, properties = {}) {
  issueCommand("notice", toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
function info(message) {
  process.stdout.write(message + os3.EOL);
}

// src/report/gantt.ts
var MAX_GANTT_PODS = 20;
function phaseOf(event) {
  const present = /^present at start \((.*)\)$/.exec(event)?.[1];
  const state = present ?? event;
  if (state === "deleted") return "gone";
  if (/^Terminating\b/.test(state)) return { label: "Terminating", tag: "done" };
  if (/\bnot Ready\b/.test(state)) return { label: "Running, not Ready" };
  if (/^Running, Ready\b/.test(state) || state === "Ready") return { label: "Ready", tag: "active" };
  if (state === "Running" || /^Running\b/.test(state)) return { label: "Running, not Ready" };
  if (state === "created" || /^Pending\b/.test(state)) return { label: "starting" };
  if (state === "Succeeded" || state === "Failed") return { label: state, tag: "done" };
  if (/^restarted\b/.test(state) || /^drill:/.test(state)) return void 0;
  return { label: state.replace(/, \d+ restarts?$/, "") };
}
function podPhaseBars(timeline, endMs) {
  const bars = [];
  const open = /* @__PURE__ */ new Map();
  const order = [];
  const entries = [...timeline].sort((a, b) => a.atMs - b.atMs);
  for (const entry of entries) {
    if (!order.includes(entry.pod)) order.push(entry.pod);
    const phase = phaseOf(entry.event);
    if (phase === void 0) continue;
    const current = open.get(entry.pod);
    if (current && phase !== "gone" && current.label === phase.label) continue;
    if (current && phase !== "gone" && current.startMs === entry.atMs) {
      current.label = phase.label;
      if (phase.tag) current.tag = phase.tag;
      else delete current.tag;
      continue;
    }
    if (current) {
      current.endMs = entry.atMs;
      open.delete(entry.pod);
    }
    if (phase === "gone") continue;
    const bar = {
      pod: entry.pod,
      label: phase.label,
      startMs: entry.atMs,
      endMs: Math.max(endMs, entry.atMs)
    };
    if (phase.tag) bar.tag = phase.tag;
    bars.push(bar);
    open.set(entry.pod, bar);
  }
  return bars.sort((a, b) => order.indexOf(a.pod) - order.indexOf(b.pod) || a.startMs - b.startMs);
}
function drawnBars(bars, spanMs) {
  const fits = (b) => b.endMs - b.startMs >= spanMs * (b.label.length + 2) / 130;
  const out = [];
  let carry;
  for (const bar of bars.filter((b) => b.endMs > b.startMs)) {
    const b = carry ? { ...bar, label: `${carry.label}, then ${bar.label}`, startMs: carry.startMs } : { ...bar };
    carry = void 0;
    if (fits(b)) {
      out.push(b);
      continue;
    }
    const prev = out[out.length - 1];
    if (prev && prev.endMs === b.startMs && fits(prev)) {
      prev.label = `${prev.label}, then ${b.label}`;
      prev.endMs = b.endMs;
    } else carry = b;
  }
  if (carry) out.push(carry);
  return out;
}
function tickInterval(spanMs) {
  const steps = [
    [1e3, "1second"],
    [2e3, "2second"],
    [5e3, "5second"],
    [1e4, "10second"],
    [15e3, "15second"],
    [3e4, "30second"],
    [6e4, "1minute"],
    [12e4, "2minute"],
    [3e5, "5minute"],
    [6e5, "10minute"],
    [9e5, "15minute"],
    [18e5, "30minute"],
    [36e5, "1hour"]
  ];
  return (steps.find(([ms]) => spanMs / ms <= 10) ?? [0, "1hour"])[1];
}
function podLabel(pod, report) {
  const prefix = `${report.workload.name}-`;
  const rest = pod.startsWith(prefix) ? pod.slice(prefix.length) : void 0;
  const m = rest === void 0 ? null : /^([a-z0-9]+)-([a-z0-9]{5})$/.exec(rest);
  if (report.workload.kind !== "Deployment" || !m) return pod;
  const age = report.revision ? m[1] === report.revision ? "new " : "old " : "";
  return `${age}…${m[2]}`;
}
function overlaps(lives) {
  const edges = lives.flatMap((l) => [
    { at: l.from, d: 1 },
    { at: l.to, d: -1 }
  ]);
  edges.sort((a, b) => a.at - b.at || a.d - b.d);
  const out = [];
  let alive = 0;
  let open;
  for (const e of edges) {
    alive += e.d;
    if (alive >= 2) {
      if (!open) open = { from: e.at, to: e.at, count: alive };
      open.count = Math.max(open.count, alive);
    } else if (open) {
      open.to = e.at;
      if (open.to > open.from) out.push(open);
      open = void 0;
    }
  }
  return out;
}
function mermaidText(text) {
  return redactSecrets(text).replace(/[\r\n]+/g, " ").replace(/[:#;`"<>{}[\]\\%]/g, " ").replace(/\s+/g, " ").trim() || "?";
}
function podGantt(report) {
  if (report.timeline.length === 0) return void 0;
  const t0 = report.timelineStart;
  if (t0 === void 0) return void 0;
  const timed = report.conflicts.filter((c) => c.atMs !== void 0);
  const endMs = Math.max(
    report.timelineEndMs ?? 0,
    ...report.timeline.map((e) => e.atMs),
    ...timed.map((c) => c.atMs),
    report.logWatchMs?.toMs ?? 0
  );
  const startMs = Math.min(0, ...report.timeline.map((e) => e.atMs), ...timed.map((c) => c.atMs));
  const spanMs = endMs - startMs;
  const bars = podPhaseBars(report.timeline, endMs);
  if (bars.length === 0) return void 0;
  const pods = [.../* @__PURE__ */ new Set([...bars.map((b) => b.pod), ...timed.map((c) => c.pod)])];
  const shown = pods.slice(0, MAX_GANTT_PODS);
  const labels = new Map(shown.map((p) => [p, mermaidText(podLabel(p, report))]));
  for (const p of shown) {
    if ([...labels.values()].filter((l) => l === labels.get(p)).length > 1) labels.set(p, mermaidText(p));
  }
  const at = (ms) => t0 + ms;
  const leftPadding = Math.max(75, ...[...labels.values(), "two pods alive"].map((l) => l.length * 8 + 16));
  const lines = [
    "```mermaid",
    "---",
    "displayMode: compact",
    "config:",
    "  gantt:",
    `    leftPadding: ${leftPadding}`,
    "---",
    "gantt",
    `  title ${mermaidText(`${formatWorkloadRef(report.workload)}, pods over time`)}`,
    "  dateFormat x",
    "  axisFormat %H:%M:%S",
    `  tickInterval ${tickInterval(spanMs)}`,
    "  todayMarker off"
  ];
  const lives = [];
  for (const pod of shown) {
    lines.push(`  section ${labels.get(pod) ?? "?"}`);
    const own = bars.filter((b) => b.pod === pod);
    if (own.length > 0) lives.push({ from: own[0]?.startMs ?? 0, to: Math.max(...own.map((b) => b.endMs)) });
    const drawn = drawnBars(own, spanMs);
    for (const bar of drawn) {
      lines.push(`  ${mermaidText(bar.label)} :${bar.tag ? `${bar.tag}, ` : ""}${at(bar.startMs)}, ${at(bar.endMs)}`);
    }
    const last = own[own.length - 1];
    if (last && last.endMs === last.startMs) {
      lines.push(`  ${mermaidText(last.label)} :${last.tag ? `${last.tag}, ` : ""}milestone, ${at(last.startMs)}, 0ms`);
    }
    for (const c of timed.filter((x) => x.pod === pod)) {
      const tag = c.cause === "handover" ? "done" : "crit";
      lines.push(`  ${mermaidText(`409 ${c.cause ?? c.kind}`)} :${tag}, milestone, ${at(c.atMs)}, 0ms`);
    }
  }
  if (report.maxConcurrentPods > 1) {
    const stretches = overlaps(lives);
    const look = (report.timelineEndMs ?? 0) === 0 && report.timeline.every((e) => e.atMs === 0);
    if (stretches.length > 0 || look) lines.push("  section two pods alive");
    for (const o of stretches) lines.push(`  ${o.count} pods alive :crit, ${at(o.from)}, ${at(o.to)}`);
    if (stretches.length === 0 && look) {
      lines.push(`  ${report.maxConcurrentPods} pods alive :crit, milestone, ${at(endMs)}, 0ms`);
    }
  }
  const logs = report.logWatchMs;
  if (logs && logs.toMs > logs.fromMs) {
    lines.push("  section guard", `  logs watched :${at(logs.fromMs)}, ${at(logs.toMs)}`);
  }
  lines.push("```");
  const more = pods.length - shown.length;
  return lines.join("\n") + (more > 0 ? `

… and ${more} more pods (see the timeline)` : "");
}

// src/report/summary.ts
var MAX_FINDING_ROWS = 200;
var MAX_TIMELINE_ROWS = 20;
var MARKDOWN_ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
function escapeMarkdown(text) {
  return text.replace(/\r?\n|\r/g, " ").replace(/[&<>]/g, (c) => MARKDOWN_ESCAPES[c]).replace(/[\\`*_[\]|#~!@:]/g, "\\$&");
}
function code(text) {
  return `<code>${escapeMarkdown(text)}</code>`;
}
function row(cells) {
  return `| ${cells.join(" | ")} |`;
}
function table(header, rows) {
  return [row(header), row(header.map(() => "---")), ...rows.map(row)].join("\n");
}
function lintSummary(result, heading = "singleton-guard lint") {
  const { errors, warnings } = countFindings(result.findings);
  const icon = errors > 0 ? "❌" : warnings > 0 ? "⚠️" : "✅";
  const counts = errors + warnings === 0 ? `no problems in ${checkedScope(result)}` : `${plural(errors, "error")}, ${plural(warnings, "warning")} in ${plural(countFindingFiles(result.findings), "file")}; ${checkedScope(result)}`;
  const parts = [`## ${escapeMarkdown(heading)}`, `${icon} ${counts}`];
  if (result.workloads.length > 0) {
    parts.push(
      table(
        ["Workload", "Namespace", "Manifest"],
        result.workloads.map((w) => [
          code(formatWorkloadRef({ kind: w.kind, name: w.name })),
          w.namespace ? escapeMarkdown(w.namespace) : "",
          code(`${w.file}:${w.line}`)
        ])
      )
    );
  }
  const rendered = renderedLine(result);
  if (rendered) parts.push(`Rendered: ${escapeMarkdown(rendered.replace(/^rendered with /, ""))}`);
  if (result.findings.length > 0) parts.push(findingsTable(result.findings));
  if (result.fixed.length > 0) parts.push(`Fixed: ${result.fixed.map(code).join(", ")}`);
  for (const left of result.notFixed ?? []) parts.push(`Not fixed: ${code(left.file)}: ${escapeMarkdown(left.reason)}`);
  for (const notice2 of result.notices ?? []) parts.push(`ℹ️ ${escapeMarkdown(notice2)}`);
  return parts.join("\n\n") + "\n";
}
function findingsTable(findings) {
  const rows = findings.slice(0, MAX_FINDING_ROWS).map((f) => [
    f.severity === "error" ? "❌ error" : "⚠️ warning",
    code(f.rule),
    code(`${f.file}:${f.line}:${f.column}`),
    f.kind && f.name ? code(`${[f.namespace, f.kind.toLowerCase(), f.name].filter(Boolean).join("/")}`) : "",
    escapeMarkdown(f.message)
  ]);
  const more = findings.length > MAX_FINDING_ROWS ? `

… and ${findings.length - MAX_FINDING_ROWS} more findings` : "";
  return table(["Severity", "Rule", "Location", "Object", "Message"], rows) + more;
}
var VERDICT_ICONS = {
  passed: "✅",
  failed: "❌",
  "timed-out": "⏱️",
  remediated: "🛠️"
};
function guardSummary(result, mode = "deploy") {
  const icon = result.result === "success" ? "✅" : "❌";
  const parts = [`## singleton-guard ${escapeMarkdown(mode)}: ${icon} ${result.result}`];
  if (result.lint) parts.push(lintSummary(result.lint, "Lint").trimEnd().replace(/^## /, "### "));
  const stopped = stoppedByLint(result);
  if (stopped) parts.push(`**${escapeMarkdown(stopped.replace(/^nothing applied/, "Nothing applied"))}.**`);
  if (result.applied.length > 0) {
    parts.push(["### Applied", "", ...result.applied.map((line) => `- ${escapeMarkdown(line)}`)].join("\n"));
  }
  for (const report of result.workloads) parts.push(workloadSection(report));
  return parts.join("\n\n") + "\n";
}
function workloadHeading(w) {
  return `${code(formatWorkloadRef({ kind: w.kind, name: w.name }))} in ${escapeMarkdown(w.namespace)}`;
}
var CAUSE_ICONS = { webhook: "❌", overlap: "❌", outside: "❌", handover: "⚠️" };
function workloadSection(r) {
  const parts = [`### ${VERDICT_ICONS[r.verdict]} ${workloadHeading(r.workload)}: ${r.verdict}`];
  const reason = reasonBesideConflicts(r);
  if (reason) parts.push(`**${escapeMarkdown(reason)}**`);
  if (r.parked) parts.push("⏸️ Parked: `replicas: 0`, no pod runs (no log watch).");
  if (r.switchedFrom) parts.push(`🔀 **Switch:** ${escapeMarkdown(switchLine(r.switchedFrom))}`);
  const drill = drillLine(r);
  if (drill)
    parts.push(`${(r.overlapSeconds ?? 0) > 0 ? "⚠️" : "🧪"} ${escapeMarkdown(drill.replace(/^drill: /, "Drill: "))}`);
  if (r.rollback) {
    const icon = r.rollback.rolledBack ? r.rollback.verdict === "passed" ? "↩️ " : "⚠️ " : "";
    parts.push(`${icon}**Rollback:** ${escapeMarkdown(rollbackLine(r.rollback))}`);
  }
  parts.push(
    table(
      ["Pod", "Revision", "Image", "Most pods at once", "Restarts", "Time to ready", "Conflicts"],
      [
        [
          r.pod ? code(r.pod) : "—",
          r.revision ? code(r.revision) : "—",
          r.image ? code(r.image) : "—",
          `${r.maxConcurrentPods > 1 ? "⚠️ " : ""}${r.maxConcurrentPods}`,
          String(r.restarts),
          r.timeToReadyMs === void 0 ? "—" : formatDuration(r.timeToReadyMs),
          r.conflicts.length > 0 && r.conflictCause ? `${r.conflicts.length} (${r.conflictCause})` : String(r.conflicts.length)
        ]
      ]
    )
  );
  if (r.clusters) {
    parts.push(
      "#### Running pods by context\n\n" + table(
        ["Context", "Running pods", "Pods"],
        r.clusters.map((c) => [
          code(c.context),
          c.error ? c.unreachable ? "⚠️ unreachable" : "⚠️ not counted" : String(c.running.length),
          c.error ? escapeMarkdown(c.error) : c.running.map(code).join(", ") || "—"
        ])
      )
    );
  }
  if (r.conflicts.length > 0) {
    parts.push(
      "#### Conflicts\n\n" + table(
        ["At", "Pod", "Container", "Cause", "From", "Line"],
        r.conflicts.map((c) => [
          c.atMs !== void 0 ? `+${formatDuration(c.atMs)}` : "—",
          code(c.pod),
          code(c.container),
          c.cause ? `${CAUSE_ICONS[c.cause]} ${escapeMarkdown(c.cause)}${c.why ? `: ${escapeMarkdown(c.why)}` : ""}` : c.kind === "webhook" ? "webhook is set (fix: deleteWebhook)" : escapeMarkdown(c.kind),
          escapeMarkdown(c.source),
          code(c.line)
        ])
      ) + causesOf(r).map((cause) => `

- **${cause}**: ${escapeMarkdown(CAUSE_ADVICE[cause])}`).join("")
    );
  }
  if (r.expectLog) {
    parts.push(
      `${r.expectLog.found ? "✅" : "❌"} expect-log ${code(`/${r.expectLog.pattern}/`)}: ${r.expectLog.found ? r.expectLog.beforeHandover ? "the current pod logged a match, only before the forgiven conflict: pick a line the bot logs after recovering to catch a bot that stopped polling" : "the current pod logged a match" : "no match from the current pod: the bot may not be polling"}`
    );
  }
  if (r.changes.length > 0) {
    parts.push(["#### Changes made", "", ...r.changes.map((c) => `- ${escapeMarkdown(c)}`)].join("\n"));
  }
  if (r.events && r.events.length > 0) {
    parts.push(["#### Recent events", "", ...r.events.map((e) => `- ${escapeMarkdown(e)}`)].join("\n"));
  }
  const gantt = podGantt(r);
  if (gantt && r.timelineStart !== void 0) {
    parts.push(
      `#### Pods over time

${gantt}

The chart's times are in your time zone (Mermaid has no UTC axis); the watch began at ${new Date(r.timelineStart).toISOString()} (UTC).`
    );
  }
  if (r.timeline.length > 0) {
    const shown = r.timeline.slice(0, MAX_TIMELINE_ROWS);
    const more = r.timeline.length > MAX_TIMELINE_ROWS ? `

… and ${r.timeline.length - MAX_TIMELINE_ROWS} more events` : "";
    parts.push(
      "<details><summary>Timeline</summary>\n\n" + table(
        ["At", "Pod", "Event"],
        shown.map((t) => [`+${formatDuration(t.atMs)}`, code(t.pod), escapeMarkdown(t.event)])
      ) + more + "\n\n</details>"
    );
  }
  return parts.join("\n\n");
}
function policySummary(result) {
  const applied = result.applied.length > 0;
  const parts = [
    `## singleton-guard policy: ${applied ? "✅ applied" : "📝 generated"} (${result.actions.map(escapeMarkdown).join(", ")})`,
    table(
      ["Object", "Name"],
      result.objects.map((o) => [escapeMarkdown(o.kind), code(o.metadata.name)])
    )
  ];
  if (result.written) parts.push(`Written to ${code(result.written)}.`);
  if (applied) parts.push(result.applied.map((l) => `- ${escapeMarkdown(l)}`).join("\n"));
  if (result.actions.includes("Deny")) {
    parts.push(
      'The API server now refuses a second instance of every workload labelled `singleton-guard/singleton: "true"`.'
    );
  } else {
    parts.push(
      "Nothing is refused yet: requests that break a rule get a warning (Warn) or an audit annotation (Audit). Switch to deny once the warnings stop."
    );
  }
  for (const notice2 of result.lint?.notices ?? []) parts.push(`ℹ️ ${escapeMarkdown(notice2)}`);
  if (result.lint && result.lint.findings.length > 0) parts.push(findingsTable(result.lint.findings));
  return parts.join("\n\n") + "\n";
}

// src/action.ts
function actionIO() {
  return {
    env: process.env,
    cwd: process.cwd(),
    getInput: (name, options) => getInput(name, options),
    setOutput: (name, value) => setOutput(name, value),
    setSecret: (value) => setSecret(value),
    info: (message) => info(message),
    warning: (message, properties) => warning(message, properties),
    error: (message, properties) => error(message, properties),
    notice: (message, properties) => notice(message, properties),
    writeSummary: async (markdown) => {
      await summary.addRaw(markdown).write();
    },
    setFailed: (message) => setFailed(message)
  };
}
async function run(io = actionIO()) {
  let failure;
  const progress = { reported: false, secrets: [] };
  try {
    failure = await runAction(io, progress);
  } catch (error2) {
    failure = errorMessage(error2);
    if (!progress.reported) {
      try {
        await reportEarlyFailure(io, progress, failure);
      } catch (reportError) {
        io.warning(`could not report the failure in the outputs and job summary: ${errorMessage(reportError)}`);
      }
    }
  }
  if (failure !== void 0) io.setFailed(failure);
}
async function runAction(io, progress) {
  const mask = (value) => {
    progress.secrets.push(value);
    io.setSecret(value);
  };
  rejectUnknownInputs(io.env);
  const raw = readInputs(io);
  if (raw.kubeconfig) for (const value of kubeconfigMasks(raw.kubeconfig)) mask(value);
  progress.mode = raw.mode ?? "deploy";
  const workspace = io.env.GITHUB_WORKSPACE || io.cwd;
  const settings = parseSettings(raw, workspace);
  progress.mode = settings.mode;
  const { runMode } = await import("./chunks/modes-5QF4RI3I.js");
  const ran = await runMode(settings, {
    // The same order and short prefixes as the CLI; never colour (the log is no terminal). A warning becomes an
    // annotation, read away from the log's header: it keeps its workload's whole name.
    ...createProgressPrinter({ info: (line) => io.info(line), warning: (line) => io.warning(line) }),
    warning: (line) => io.warning(line),
    // The findings become annotations at the end; the log says the lint's outcome before anything is applied.
    lint: (lint) => io.info(`lint: ${lintSummaryLine(lint)}`),
    secret: mask
  });
  if (ran.mode === "lint") return showLint(io, ran.lint, settings, workspace, progress);
  if (ran.mode === "policy") return showPolicy(io, ran.policy, settings, workspace, progress);
  return showGuard(io, ran.guard, settings, workspace, progress);
}
async function reportEarlyFailure(io, progress, message) {
  const mode = progress.mode;
  const guardMode = mode === "deploy" || mode === "verify" || mode === "remediate" || mode === "drill";
  setOutputs(io, {
    ...guardMode ? {
      pod: "",
      "max-concurrent-pods": 0,
      conflicts: 0,
      "conflict-cause": "none",
      "rolled-back": false,
      "rolled-back-revision": ""
    } : {},
    ...mode === "drill" ? { "overlap-seconds": 0, "downtime-seconds": 0 } : {},
    result: "failure"
  });
  const redact = createRedactor(progress.secrets);
  const heading = `singleton-guard${mode && (guardMode || mode === "lint" || mode === "policy") ? ` ${mode}` : ""}: ❌ failure`;
  await writeSummary(io, `## ${heading}

**${escapeMarkdown(redact(message))}**
`);
}
function inputVariable(name) {
  return `INPUT_${name.replace(/ /g, "_").toUpperCase()}`;
}
function rejectUnknownInputs(env) {
  const known = new Set(INPUT_NAMES.map(inputVariable));
  const unknown = Object.keys(env).filter((key) => key.toUpperCase().startsWith("INPUT_") && !known.has(key));
  const [first] = unknown;
  if (first === void 0) return;
  const name = first.slice("INPUT_".length).toLowerCase();
  const near = INPUT_NAMES.find((n) => n.replace(/[-_ ]/g, "") === name.replace(/[-_ ]/g, ""));
  const hint = near ? `did you mean "${near}"?` : `inputs are ${INPUT_NAMES.join(", ")}`;
  throw new UsageError(`unknown input "${name}": ${hint}`);
}
function readInputs(io) {
  const raw = {};
  for (const name of INPUT_NAMES) {
    const value = io.getInput(name, { trimWhitespace: name !== "kubeconfig" });
    if (value !== "") raw[name] = value;
  }
  return raw;
}
async function showLint(io, lint, settings, workspace, progress) {
  const result = inWorkspace(lint, settings.cwd, workspace);
  annotate(io, lintAnnotations(result.findings));
  for (const notice2 of result.notices ?? []) io.notice(notice2);
  if (settings.sarif) writeSarif(resolve(settings.cwd, settings.sarif), result.findings, RULES);
  await writeSummary(io, lintSummary(result));
  const { errors, warnings } = countFindings(result.findings);
  setOutputs(io, { errors, warnings, result: errors > 0 ? "failure" : "success" });
  progress.reported = true;
  return errors > 0 ? lintFailure(result.findings, "lint") : void 0;
}
async function showPolicy(io, raw, settings, workspace, progress) {
  const result = raw.lint ? { ...raw, lint: inWorkspace(raw.lint, settings.cwd, workspace) } : raw;
  if (!result.written && !settings.policyApply) io.info(result.yaml);
  if (result.lint) annotate(io, lintAnnotations(result.lint.findings));
  for (const notice2 of result.lint?.notices ?? []) io.notice(notice2);
  await writeSummary(io, policySummary(result));
  const { errors, warnings } = countFindings(result.lint?.findings ?? []);
  io.setOutput("errors", errors);
  io.setOutput("warnings", warnings);
  io.setOutput("result", result.result);
  progress.reported = true;
  return errors > 0 ? lintFailure(result.lint?.findings ?? [], "policy: the manifests") : void 0;
}
async function showGuard(io, raw, settings, workspace, progress) {
  const result = raw.lint ? { ...raw, lint: inWorkspace(raw.lint, settings.cwd, workspace) } : raw;
  annotate(io, withoutEchoOfFailure(guardAnnotations(result), result));
  for (const notice2 of result.lint?.notices ?? []) io.notice(notice2);
  if (settings.sarif && result.lint) writeSarif(resolve(settings.cwd, settings.sarif), result.lint.findings, RULES);
  await writeSummary(io, guardSummary(result, settings.mode));
  const podLeft = (w) => w.rollback?.rolledBack ? w.rollback.pod : w.pod;
  const rollback = rollbackOutputs(result.workloads);
  setOutputs(io, {
    ...result.lint ? countFindings(result.lint.findings) : {},
    pod: result.workloads.flatMap((w) => podLeft(w) ? [podLeft(w)] : []).join(" "),
    "max-concurrent-pods": Math.max(0, ...result.workloads.map((w) => w.maxConcurrentPods)),
    conflicts: result.workloads.reduce((n, w) => n + w.conflicts.length, 0),
    "conflict-cause": worstCause(result.workloads.map((w) => ({ cause: w.conflictCause }))),
    "rolled-back": rollback.rolledBack,
    "rolled-back-revision": rollback.revisions,
    ...settings.mode === "drill" ? {
      "overlap-seconds": Math.max(0, ...result.workloads.map((w) => w.overlapSeconds ?? 0)),
      "downtime-seconds": Math.max(0, ...result.workloads.map((w) => w.downtimeSeconds ?? 0))
    } : {},
    result: result.result
  });
  progress.reported = true;
  return result.result === "success" ? void 0 : guardFailure(result, settings);
}
function lintFailure(findings, what) {
  const errors = findings.filter((f) => f.severity === "error");
  const [first] = errors;
  if (!first) return `${what} failed`;
  const more = errors.length > 1 ? ` (and ${plural(errors.length - 1, "more error")}, see the annotations)` : "";
  return `${what} found ${plural(errors.length, "error")}: ${first.file}:${first.line}:${first.column} ${first.rule}: ${first.message}${more}`;
}
function guardFailure(result, settings) {
  const failed = result.workloads.filter((w) => w.verdict === "failed" || w.verdict === "timed-out");
  const [first] = failed;
  if (first) {
    const more = failed.length > 1 ? ` (and ${plural(failed.length - 1, "more workload")} failed)` : "";
    const rollback = first.rollback ? ` (${rollbackLine(first.rollback)})` : "";
    return `${formatWorkloadRef(first.workload)}: ${first.reason ?? first.verdict}${rollback}${more}`;
  }
  if (result.lint && countFindings(result.lint.findings).errors > 0) {
    return lintFailure(result.lint.findings, `${settings.mode} stopped before applying: lint`);
  }
  return `${settings.mode} failed: see the job summary`;
}
function withoutEchoOfFailure(annotations, result) {
  const first = result.workloads.find((w) => w.verdict === "failed" || w.verdict === "timed-out");
  if (!first) return annotations;
  const echo = `${formatWorkloadRef(first.workload)}: ${first.reason ?? first.verdict}`;
  return annotations.filter(
    (a) => !(a.level === "error" && (a.message === echo || a.properties.file === void 0 && a.message.split("\n")[0] === echo))
  );
}
function annotate(io, annotations) {
  for (const a of annotations) {
    if (a.level === "error") io.error(a.message, a.properties);
    else if (a.level === "warning") io.warning(a.message, a.properties);
    else io.notice(a.message, a.properties);
  }
}
function setOutputs(io, outputs) {
  try {
    for (const [name, value] of Object.entries(outputs)) io.setOutput(name, value);
  } catch (error2) {
    io.warning(`could not set the step outputs: ${errorMessage(error2)}`);
  }
}
async function writeSummary(io, markdown) {
  if (!io.env.GITHUB_STEP_SUMMARY) return;
  try {
    await io.writeSummary(markdown);
  } catch (error2) {
    io.warning(`could not write the job summary: ${errorMessage(error2)}`);
  }
}
function inWorkspace(result, cwd, workspace) {
  if (resolve(cwd) === resolve(workspace)) return result;
  const move = (file) => {
    if (file === "<stdin>") return file;
    const moved = relative(workspace, resolve(cwd, file));
    return moved.startsWith("..") || isAbsolute(moved) ? file : moved.split(sep).join("/");
  };
  return {
    ...result,
    findings: result.findings.map((f) => ({ ...f, file: move(f.file) })),
    workloads: result.workloads.map((w) => ({ ...w, file: move(w.file) })),
    files: result.files.map(move),
    fixed: result.fixed.map(move),
    ...result.notFixed ? { notFixed: result.notFixed.map((n) => ({ ...n, file: move(n.file) })) } : {}
  };
}

// src/index.ts
await run();
setTimeout(() => process.exit(), 2e3).unref();
