import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  INPUT_NAMES,
  countFindings,
  createProgressPrinter,
  escapeMarkdown,
  guardAnnotations,
  guardSummary,
  lintAnnotations,
  lintSummary,
  lintSummaryLine,
  parseSettings,
  plural,
  policySummary,
  rollbackLine,
  rollbackOutputs,
  writeSarif
} from "./chunks/chunk-3O4XFGXK.js";
import {
  worstCause
} from "./chunks/chunk-VZDRTJ4G.js";
import {
  kubeconfigMasks
} from "./chunks/chunk-B7LXSASI.js";
import "./chunks/chunk-FS3KP6GF.js";
import {
  RULES
} from "./chunks/chunk-POD4IQUE.js";
import "./chunks/chunk-LLMA47TN.js";
import "./chunks/chunk-LXO2NNKM.js";
import {
  createRedactor
} from "./chunks/chunk-5CGEQP3A.js";
import "./chunks/chunk-VPAAXXJH.js";
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
  addCodeBlock(code, lang) {
    const attrs = Object.assign({}, lang && { lang });
    const element = this.wrap("pre", this.wrap("code", code), attrs);
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
    const tableBody = rows.map((row) => {
      const cells = row.map((cell) => {
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
  const { runMode } = await import("./chunks/modes-5JUUUPBD.js");
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
