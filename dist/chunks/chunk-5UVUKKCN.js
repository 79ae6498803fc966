import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  SpanFinder,
  fieldAt,
  matchPath,
  parseManifest,
  require_dist,
  yamlParseOptions
} from "./chunk-LXO2NNKM.js";
import {
  redactSecrets
} from "./chunk-5CGEQP3A.js";
import {
  createBoundedRunner
} from "./chunk-R7ZXQMYH.js";
import {
  UsageError
} from "./chunk-YKGEZ3GL.js";
import {
  __toESM
} from "./chunk-KCCIMXW4.js";

// src/load/index.ts
import { open, readFile as readFile4, stat as stat3 } from "node:fs/promises";
import path11 from "node:path";

// src/render/helm-inputs.ts
import { existsSync } from "node:fs";
import path from "node:path";
function bindHelmInputs(charts, inputs, cwd, exists = existsSync) {
  const shown = (file) => path.relative(cwd, file).split(path.sep).join("/") || ".";
  for (const input of inputs.values) {
    if (exists(input.value)) continue;
    const inChart = input.chart ? path.join(input.chart, path.relative(cwd, input.value)) : void 0;
    const hint = inChart && exists(inChart) ? ` (a values file is named from the working directory, like helm --values: did you mean ${path.relative(cwd, input.chart ?? "")}:${shown(inChart)}?)` : "";
    throw new UsageError(`input "helm-values": ${shown(input.value)} does not exist${hint}`);
  }
  const bound = new Map(charts.map((chart) => [chart, { valuesFiles: [], set: [] }]));
  const names = charts.map((c) => c.name).join(", ");
  const bind = (input, name, into) => {
    if (input.chart !== void 0) {
      const chart = charts.find((c) => path.resolve(c.folder) === path.resolve(input.chart ?? ""));
      if (!chart) {
        throw new UsageError(
          `input "${name}": "${input.given}" is for ${shown(input.chart)}, which is not a chart of this run (${charts.length > 0 ? `charts: ${names}` : "no chart is"})`
        );
      }
      into(bound.get(chart)).push(input.value);
      return;
    }
    const [only] = charts;
    if (charts.length === 1 && only) {
      into(bound.get(only)).push(input.value);
      return;
    }
    if (charts.length === 0) {
      throw new UsageError(
        `input "${name}": "${input.given}" is for a Helm chart, but no chart is among the manifests`
      );
    }
    throw new UsageError(
      `input "${name}": "${input.given}" names no chart, and ${charts.length} charts are rendered (${names}): write CHART:${name === "helm-values" ? "FILE" : "KEY=VALUE"}, e.g. ${charts[0]?.name}:${input.given}`
    );
  };
  for (const input of inputs.values) bind(input, "helm-values", (c) => c.valuesFiles);
  for (const input of inputs.set) bind(input, "helm-set", (c) => c.set);
  return bound;
}

// src/render/failure.ts
import { readFile } from "node:fs/promises";
import path2 from "node:path";

// src/render/types.ts
var KUSTOMIZATION_FILES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

// src/render/failure.ts
var RenderError = class extends UsageError {
  target;
  /** It ran past the render bound (a remote base that never answers). */
  timedOut;
  constructor(target, message, options) {
    super(message, options);
    this.name = "RenderError";
    this.target = target;
    this.timedOut = options?.timedOut ?? false;
  }
};
var MISSING_FILE = /(?:lstat|stat|open|evalsymlink failure on '[^']*' :\s*lstat) ('?)([^\s':]+)\1: no such file or directory/;
var UNREACHABLE = /dial tcp|connection refused|could not resolve host|couldn't connect|no such host|unable to access|network is unreachable|i\/o timeout|TLS handshake timeout|is not a valid chart repository or cannot be reached|no route to host/i;
var SCHEMA = /values don't meet the specifications of the schema|schema\(s\) in the following chart/i;
function readFailure(error, cwd) {
  const { target, message } = error;
  const shown = (file) => path2.relative(cwd, file).split(path2.sep).join("/") || file;
  if (error.timedOut) {
    const url = remoteReference(message);
    return {
      ...url ? { url } : {},
      next: `a remote base or chart repository that does not answer? check that ${url ?? "what it fetches"} is reachable from here, or vendor it into the repository`
    };
  }
  if (/helm dependency build/.test(message)) return {};
  if (SCHEMA.test(message)) {
    return {
      next: `give the values ${target.name}/values.schema.json requires (helm-values: a values file, or helm-set: key=value)`
    };
  }
  if (UNREACHABLE.test(message)) {
    const url = remoteReference(message);
    return {
      ...url ? { url } : {},
      next: `${url ?? "a remote resource"} cannot be reached from here: check the URL and the network, or vendor it into the repository`
    };
  }
  const missing = MISSING_FILE.exec(message)?.[2];
  if (missing && path2.isAbsolute(missing)) {
    const generator = /KV pairs|env source files|secretGenerator|configMapGenerator/i.test(message);
    return {
      missingFile: missing,
      next: generator ? `create ${shown(missing)}: a generator reads it (often gitignored: write it in CI before this step, e.g. from a secret, or a placeholder for the lint)` : `create ${shown(missing)}, or remove it from the kustomization that names it`
    };
  }
  const template = helmTemplatePosition(message);
  const unset = /at <(\.Values\.[\w.]+)>: nil pointer/.exec(message)?.[1];
  const included = /no template "[^"/]+\/([^"]+)" associated/.exec(message)?.[1];
  const next = unset ? `give the values the template reads (${unset}): the environment's values file with helm-values (CHART:FILE with several charts)` : included ? `create ${shown(path2.join(target.folder, included))}: the template includes it (often gitignored: write it in CI before this step, e.g. from a secret, or a placeholder for the lint)` : void 0;
  return { ...template ? { template } : {}, ...next ? { next } : {} };
}
function remoteReference(message) {
  const quoted = /accumulating resources from '([^']+)'/.exec(message)?.[1];
  if (quoted && /^[a-z][a-z0-9+.-]*:\/\/|^git@|^github\.com\//i.test(quoted)) return quoted;
  return /(?:https?|ssh|git|oci):\/\/[^\s'"`]+/i.exec(message)?.[0]?.replace(/[.,;:)]+$/, "");
}
function helmTemplatePosition(message) {
  const match = /(?:template: |failed: )([^\s:]+\/templates\/[^\s:]+\.(?:ya?ml|tpl|txt|json)):(\d+):(\d+)/.exec(message) ?? /parse error at \(([^\s:()]+\.(?:ya?ml|tpl|txt|json)):(\d+)\)/.exec(message);
  if (!match?.[1] || !match[2]) return void 0;
  return { file: match[1], line: Number(match[2]), column: match[3] ? Number(match[3]) : 1 };
}
function positionOf(text, needle) {
  if (!needle) return void 0;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const column = (lines[i] ?? "").indexOf(needle);
    if (column !== -1) return { line: i + 1, column: column + 1 };
  }
  return void 0;
}
async function readText(file) {
  return readFile(file, "utf8").catch(() => void 0);
}
async function kustomizationIn(folder) {
  for (const name of KUSTOMIZATION_FILES) {
    const text = await readText(path2.join(folder, name));
    if (text !== void 0) return { file: path2.join(folder, name), text };
  }
  return void 0;
}
async function renderFailureProblem(error, cwd) {
  const { target } = error;
  const reading = readFailure(error, cwd);
  const relative = (file) => path2.relative(cwd, file).split(path2.sep).join("/") || file;
  let place = { file: target.file, line: 1, column: 1 };
  if (reading.template) {
    const inChart = reading.template.file.split("/").slice(1).join("/");
    const absolute = path2.join(target.folder, inChart);
    if (inChart && await readText(absolute) !== void 0) {
      place = { file: relative(absolute), line: reading.template.line, column: reading.template.column };
    }
  } else if (error.timedOut && !reading.url) {
    const kustomization = await kustomizationIn(target.folder);
    const remote = kustomization && /^\s*-\s*["']?((?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/)[^\s"'#]+)/im.exec(kustomization.text);
    if (kustomization && remote?.[1]) {
      const at = positionOf(kustomization.text, remote[1]);
      if (at) place = { file: relative(kustomization.file), ...at };
      reading.next = reading.next?.replace("what it fetches", remote[1]);
    }
  } else if (reading.missingFile || reading.url) {
    const folders = reading.missingFile ? [path2.dirname(reading.missingFile), target.folder] : [target.folder];
    const needle = reading.missingFile ? path2.basename(reading.missingFile) : reading.url ?? "";
    for (const folder of folders) {
      const kustomization = await kustomizationIn(folder);
      const at = kustomization && positionOf(kustomization.text, needle);
      if (kustomization && at) {
        place = { file: relative(kustomization.file), ...at };
        break;
      }
    }
  }
  const said = error.message.replaceAll(`${path2.resolve(cwd)}${path2.sep}`, "");
  const message = redactSecrets(`${said}${reading.next ? `; next: ${reading.next}` : ""}`);
  return { ...place, message };
}

// src/render/helm.ts
var import_yaml3 = __toESM(require_dist(), 1);
import { readFileSync } from "node:fs";

// src/render/helm-command.ts
function valuesArgs(options) {
  const args = [];
  if (options.namespace) args.push("--namespace", options.namespace);
  for (const file of options.valuesFiles) args.push("--values", file);
  for (const item of options.set) args.push("--set", item);
  return args;
}
function helmTemplateArgs(chart, options) {
  return ["template", options.release, chart, ...valuesArgs(options)];
}
var MAX_HELM_MESSAGE = 600;
function helmMessage(output) {
  const lines = output.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "" && !/^WARNING: /.test(l) && !/^Use --debug flag/.test(l));
  const start = lines.findIndex((l) => l.startsWith("Error:"));
  const message = (start >= 0 ? lines.slice(start).join(" ") : lines.at(-1) ?? "").replace(/^Error:\s*/, "");
  return message.length > MAX_HELM_MESSAGE ? `${message.slice(0, MAX_HELM_MESSAGE)}…` : message;
}
function needsDependencyBuild(message) {
  return /missing in charts\/ directory|helm dependency (?:build|update)|dependencies are not in sync|out of sync with Chart\.lock|Chart\.lock.*(?:out of date|does not match)/i.test(
    message
  );
}
function helmFailureMessage(chart, run) {
  const said = helmMessage(run.stderr) || helmMessage(run.stdout) || `exit code ${run.exitCode}`;
  if (needsDependencyBuild(said)) {
    return `chart ${chart} needs its dependencies: run \`helm dependency build ${chart}\` first (helm: ${said})`;
  }
  return `helm template ${chart} failed: ${said}`;
}
function helmNotFoundMessage(helm, chart) {
  return `helm not found at "${helm}" (needed to render the chart ${chart}): install Helm 3 or 4 (in a workflow: azure/setup-helm) or set the helm input (--helm) to its path`;
}

// src/render/helm-source.ts
function parseHelmSource(source) {
  const parts = source.split("/");
  const rest = parts.slice(1);
  const subcharts = [];
  for (let i = 0; i + 1 < rest.length && rest[i] === "charts"; i += 2) subcharts.push(rest[i + 1]);
  return { source, subcharts, file: rest.join("/") };
}
function helmSourceOfDocument(text, document, from = document.range[0]) {
  for (const line of text.slice(Math.min(from, document.range[0]), document.range[2]).split(/\r?\n/)) {
    const source = /^#\s*Source:\s*(\S.*?)\s*$/.exec(line)?.[1];
    if (source) return source;
    if (!/^(?:---.*|#.*|\s*)$/.test(line)) return void 0;
  }
  return void 0;
}

// src/render/helm-map.ts
import path4 from "node:path";

// src/core/paths.ts
import path3 from "node:path";
function displayPath(cwd, absolutePath) {
  const relative = path3.relative(cwd, absolutePath) || path3.basename(absolutePath);
  if (relative === ".." || relative.startsWith(`..${path3.sep}`) || path3.isAbsolute(relative)) {
    return absolutePath.split(path3.sep).join("/");
  }
  return relative.split(path3.sep).join("/");
}

// src/render/helm-values-reads.ts
function unquote(text) {
  const t = text.trim();
  if (t.length >= 2 && (t.startsWith('"') && t.endsWith('"') || t.startsWith("'") && t.endsWith("'"))) {
    return t.slice(1, -1);
  }
  return t;
}
function resolveField(token, scope) {
  if (!/^\$?(\.[A-Za-z_][A-Za-z0-9_]*)*\.?$/.test(token)) return void 0;
  const absolute = token.startsWith("$");
  const segments = token.replace(/^\$/, "").split(".").filter((s) => s !== "");
  if (absolute || scope.kind === "root") {
    if (segments[0] !== "Values") return void 0;
    return segments.slice(1);
  }
  if (scope.kind === "values") return [...scope.path, ...segments];
  return void 0;
}
var PASS_THROUGH = {
  int: 0,
  int64: 0,
  float64: 0,
  atoi: 0,
  toString: 0,
  quote: 0,
  squote: 0,
  trim: 0,
  toYaml: 0,
  toJson: 0,
  nindent: 1,
  indent: 1,
  default: 1,
  required: 1
};
function valuesReadOf(valueText, scope) {
  const text = unquote(valueText.trim());
  const match = /^\{\{-?\s*([\s\S]*?)\s*-?\}\}$/.exec(text);
  if (!match || (match[1] ?? "").includes("{{")) return void 0;
  const commands = splitPipeline(match[1] ?? "");
  if (!commands) return void 0;
  let field;
  let structured = false;
  for (const [index, words] of commands.entries()) {
    const name = words[0];
    if (name === void 0) return void 0;
    const args = words.slice(1);
    if (isFieldToken(name)) {
      if (index !== 0 || args.length > 0 || field) return void 0;
      field = resolveField(name, scope);
      if (!field) return void 0;
      continue;
    }
    const literals = PASS_THROUGH[name];
    if (literals === void 0) return void 0;
    if (name === "toYaml" || name === "toJson") structured = true;
    const fieldArgs = args.filter(isFieldToken);
    const literalArgs = args.filter((a) => !isFieldToken(a));
    if (!literalArgs.every(isLiteral) || literalArgs.length !== literals) return void 0;
    if (index === 0) {
      if (fieldArgs.length !== 1 || field || args.at(-1) !== fieldArgs[0]) return void 0;
      field = resolveField(fieldArgs[0] ?? "", scope);
      if (!field) return void 0;
    } else if (fieldArgs.length > 0) return void 0;
  }
  return field ? { path: field, structured } : void 0;
}
function isFieldToken(word) {
  return /^\$?\./.test(word) || word === "$";
}
function isLiteral(word) {
  return /^(?:-?\d+(?:\.\d+)?|"(?:[^"\\]|\\.)*"|`[^`]*`|true|false|nil)$/.test(word);
}
function splitPipeline(text) {
  const commands = [[]];
  const wordPattern = /\s*("(?:[^"\\]|\\.)*"|`[^`]*`|\||[^\s|"`]+)/gy;
  let match;
  let consumed = 0;
  while ((match = wordPattern.exec(text)) !== null) {
    consumed = wordPattern.lastIndex;
    const word = match[1] ?? "";
    if (word === "|") commands.push([]);
    else if (/[()]/.test(word) || /^\$[A-Za-z_]/.test(word) || word.includes(":=") || word === "=") return void 0;
    else commands[commands.length - 1]?.push(word);
  }
  if (text.slice(consumed).trim() !== "") return void 0;
  return commands.every((c) => c.length > 0) ? commands : void 0;
}

// src/render/helm-template.ts
var ACTION = /\{\{[\s\S]*?\}\}/g;
function parseTemplate(text) {
  const lines = text.split(/\r?\n/);
  const actionOnly = actionOnlyLines(text, lines.length);
  const documents = [];
  let current = { keys: [], kind: void 0, kindKey: void 0 };
  const frames = [{ scope: { kind: "root" }, condition: void 0 }];
  let open2 = [];
  let blockScalarIndent;
  let lastKey;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? "";
    const lineNumber = index + 1;
    const indent = /^ */.exec(line)?.[0].length ?? 0;
    const content = line.trim();
    for (const action of line.match(ACTION) ?? []) applyControl(action, frames, lineNumber);
    const scope = frames[frames.length - 1]?.scope ?? { kind: "unknown" };
    const conditions = frames.flatMap((f) => f.condition ? [f.condition] : []);
    if (blockScalarIndent !== void 0) {
      if (content === "" || indent > blockScalarIndent) continue;
      blockScalarIndent = void 0;
    }
    if (/^---\s*$/.test(line) || /^---\s+#/.test(line)) {
      if (current.keys.length > 0) documents.push(current);
      current = { keys: [], kind: void 0, kindKey: void 0 };
      open2 = [];
      lastKey = void 0;
      continue;
    }
    if (content === "" || content.startsWith("#")) continue;
    if (actionOnly[index]) {
      if (lastKey && lastKey.valueText === "" && lastKey.children.length === 0 && lastKey.blockAction === void 0 && indent > lastKey.indent && /^\{\{-?\s*[^/\s]/.test(content) && !isControlAction(content)) {
        lastKey.blockAction = content;
      }
      continue;
    }
    const parsed = parseKeyLine(line);
    if (!parsed) {
      lastKey = void 0;
      continue;
    }
    const openedHere = [];
    for (const dashColumn of parsed.dashColumns) {
      while (open2.length > 0) {
        const top = open2[open2.length - 1];
        const holds = top.indent < dashColumn || top.indent === dashColumn && typeof top.key === "string" && top.valueText === "" && !top.children.some((c) => typeof c.key === "string");
        if (holds) break;
        open2.pop();
      }
      const parent2 = open2[open2.length - 1];
      const siblings = parent2 ? parent2.children : current.keys;
      const item = {
        key: siblings.filter((k) => typeof k.key === "number").length,
        line: lineNumber,
        keyColumn: dashColumn + 1,
        keyEndColumn: dashColumn + 2,
        valueColumn: dashColumn + 1,
        valueEndColumn: dashColumn + 1,
        valueText: "",
        scope,
        conditions,
        indent: dashColumn,
        children: []
      };
      siblings.push(item);
      open2.push(item);
      openedHere.push(item);
    }
    const keyIndent = parsed.keyColumn;
    while (open2.length > 0) {
      const top = open2[open2.length - 1];
      if (top.indent < keyIndent || openedHere.includes(top)) break;
      open2.pop();
    }
    const parent = open2[open2.length - 1];
    const node = {
      key: parsed.key,
      line: lineNumber,
      keyColumn: keyIndent + 1,
      keyEndColumn: keyIndent + 1 + parsed.keyLength,
      valueColumn: parsed.valueColumn + 1,
      valueEndColumn: parsed.valueColumn + 1 + parsed.valueText.length,
      valueText: parsed.valueText,
      scope,
      conditions,
      indent: keyIndent,
      children: []
    };
    (parent ? parent.children : current.keys).push(node);
    open2.push(node);
    lastKey = node;
    if (!parent && parsed.key === "kind" && current.kindKey === void 0) {
      current.kindKey = node;
      if (!node.valueText.includes("{{")) current.kind = unquote(node.valueText);
    }
    if (/^[|>][-+0-9]*$/.test(parsed.valueText)) blockScalarIndent = keyIndent;
  }
  if (current.keys.length > 0) documents.push(current);
  return { documents };
}
function actionOnlyLines(text, lineCount) {
  const blanked = text.replace(ACTION, (action) => action.replace(/[^\r\n]/g, " ")).split(/\r?\n/);
  const original = text.split(/\r?\n/);
  const result = [];
  for (let i = 0; i < lineCount; i++) {
    result.push((original[i] ?? "").trim() !== "" && (blanked[i] ?? "").trim() === "");
  }
  return result;
}
var KEY_LINE = /^( *)((?:- +)*)("[^"]*"|'[^']*'|[^\s"'#{:-][^:#]*?|-[^\s:#][^:#]*?):(?: +(.*?))?\s*$/;
function parseKeyLine(line) {
  const match = KEY_LINE.exec(line);
  if (!match) return void 0;
  const [, spaces = "", dashText = "", rawKey = "", rawValue] = match;
  const dashColumns = [];
  let column = spaces.length;
  for (const dash of dashText.match(/- +/g) ?? []) {
    dashColumns.push(column);
    column += dash.length;
  }
  const keyColumn = spaces.length + dashText.length;
  const valueText = stripComment(rawValue ?? "");
  const valueColumn = valueText === "" ? keyColumn + rawKey.length + 1 : line.indexOf(valueText, keyColumn + rawKey.length);
  return {
    key: unquote(rawKey.trim()),
    keyLength: rawKey.length,
    keyColumn,
    dashColumns,
    valueText,
    valueColumn
  };
}
function stripComment(value) {
  let inAction = 0;
  let quote;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (value.startsWith("{{", i)) inAction++;
    else if (value.startsWith("}}", i) && inAction > 0) inAction--;
    else if (inAction === 0 && quote === void 0 && (c === '"' || c === "'")) quote = c;
    else if (c === quote) quote = void 0;
    else if (c === "#" && inAction === 0 && quote === void 0 && (i === 0 || /\s/.test(value[i - 1] ?? ""))) {
      return value.slice(0, i).trimEnd();
    }
  }
  return value.trimEnd();
}
function actionWords(action) {
  const inner = action.replace(/^\{\{-?/, "").replace(/-?\}\}$/, "").trim();
  return inner.split(/\s+/).filter((w) => w !== "");
}
function isControlAction(action) {
  const first = actionWords(action)[0];
  return first !== void 0 && ["if", "else", "with", "range", "end", "define", "block"].includes(first);
}
function applyControl(action, frames, line) {
  const words = actionWords(action);
  const first = words[0];
  const outer = frames[frames.length - 1]?.scope ?? { kind: "unknown" };
  if (first === "if") frames.push({ scope: outer, condition: conditionOf(words.slice(1), outer, line) });
  else if (first === "with") {
    const expression = words.slice(1).join(" ");
    const ref = /^\S+$/.test(expression) ? resolveField(expression, outer) : void 0;
    frames.push({
      scope: ref ? { kind: "values", path: ref } : { kind: "unknown" },
      condition: { path: ref, when: true, line }
    });
  } else if (first === "range" || first === "define" || first === "block") {
    frames.push({ scope: { kind: "unknown" }, condition: void 0 });
  } else if (first === "else") {
    if (frames.length > 1) {
      const closed = frames.pop();
      const below = frames[frames.length - 1]?.scope ?? { kind: "unknown" };
      const flipped = closed?.condition ? words[1] === "if" || words[1] === "with" ? { path: void 0, when: true, line } : { path: closed.condition.path, when: !closed.condition.when, line } : void 0;
      frames.push({ scope: below, condition: flipped });
    }
  } else if (first === "end" && frames.length > 1) frames.pop();
}
function conditionOf(words, scope, line) {
  const negated = words[0] === "not";
  const rest = negated ? words.slice(1) : words;
  const path12 = rest.length === 1 && rest[0] !== void 0 ? resolveField(rest[0], scope) : void 0;
  return { path: path12, when: !negated, line };
}
function templateDocumentFor(template, kind, ordinal) {
  const literal = template.documents.filter((d) => d.kind === kind);
  if (literal.length > 0) return literal[Math.min(ordinal, literal.length - 1)];
  const templated = template.documents.filter((d) => d.kind === void 0 && d.kindKey !== void 0);
  if (templated.length === 1) return templated[0];
  return template.documents.length === 1 ? template.documents[0] : void 0;
}
function templateFieldsFor(document, path12) {
  let level = [];
  let candidates = document.keys;
  const all = [];
  for (let depth = 0; depth < path12.length; depth++) {
    const segment = path12[depth];
    const next = candidates.filter(
      (k) => typeof segment === "number" ? k.key === segment : typeof k.key === "string" && k.key === String(segment)
    );
    if (next.length === 0) break;
    level = next.map((key) => ({ key, depth: depth + 1 }));
    all.push(...level);
    candidates = next.flatMap((k) => k.children);
  }
  return all.sort((a, b) => b.depth - a.depth || a.key.line - b.key.line).map(({ key, depth }) => ({ key, depth, read: readOfKey(key) }));
}
function readOfKey(key) {
  if (key.valueText !== "") return valuesReadOf(key.valueText, key.scope);
  if (key.blockAction !== void 0 && key.children.length === 0) {
    const read = valuesReadOf(key.blockAction, key.scope);
    return read?.structured ? read : void 0;
  }
  return void 0;
}

// src/render/helm-values.ts
var import_yaml = __toESM(require_dist(), 1);
function valuesFileLayer(options) {
  const lineCounter = new import_yaml.LineCounter();
  const text = options.text.replace(/^\ufeff/, "");
  const document = (0, import_yaml.parseDocument)(text, yamlParseOptions(lineCounter));
  let values;
  if (document.errors.length === 0 && ((0, import_yaml.isMap)(document.contents) || document.contents === null)) {
    try {
      values = document.toJS({ maxAliasCount: 100 }) ?? {};
    } catch {
      values = void 0;
    }
  }
  return {
    kind: "file",
    file: options.file,
    absolutePath: options.absolutePath,
    chartDefaults: options.chartDefaults,
    prefix: options.prefix ?? [],
    text,
    document,
    lineCounter,
    values
  };
}
function valuesSetLayer(raw, prefix = []) {
  const assignments = [];
  for (const part of splitSetItems(raw)) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const key = part.slice(0, eq);
    const value = part.slice(eq + 1);
    assignments.push({ path: /[\\[\]]/.test(key) ? [key] : key.split("."), value });
  }
  return { kind: "set", raw, prefix, assignments };
}
function splitSetItems(raw) {
  const items = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === "\\") i++;
    else if (c === "{") depth++;
    else if (c === "}" && depth > 0) depth--;
    else if (c === "," && depth === 0) {
      items.push(raw.slice(start, i));
      start = i + 1;
    }
  }
  items.push(raw.slice(start));
  return items.filter((i) => i !== "");
}
function startsWith(path12, prefix) {
  return prefix.length <= path12.length && prefix.every((s, i) => path12[i] === s);
}
function valuesOrigin(layers, path12) {
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i];
    const full = [...layer.prefix, ...path12];
    if (layer.kind === "set") {
      for (let j = layer.assignments.length - 1; j >= 0; j--) {
        const assignment = layer.assignments[j];
        if (startsWith(assignment.path, full) || startsWith(full, assignment.path)) {
          return {
            kind: "set",
            layer,
            value: assignment.value,
            assignment: `${assignment.path.join(".")}=${assignment.value}`
          };
        }
      }
      continue;
    }
    const value = valueAt(layer.values, full);
    if (value !== void 0) return { kind: "file", layer, value };
  }
  return void 0;
}
function fileLayersSetting(layers, path12) {
  return layers.filter(
    (layer) => layer.kind === "file" && valueAt(layer.values, [...layer.prefix, ...path12]) !== void 0
  );
}
function setLayerTouching(layers, path12) {
  return layers.find(
    (layer) => layer.kind === "set" && layer.assignments.some((a) => {
      const full = [...layer.prefix, ...path12];
      return startsWith(a.path, full) || startsWith(full, a.path);
    })
  );
}
function valueAt(values, path12) {
  let current = values;
  for (const segment of path12) {
    if (typeof current !== "object" || current === null || Array.isArray(current)) return void 0;
    current = current[segment];
    if (current === void 0) return void 0;
  }
  return current;
}
function locateValuesKey(layer, path12, at = "value") {
  const match = matchPath(layer.document, layer.document.contents, [...layer.prefix, ...path12]);
  if (!match.found) return void 0;
  const spans = new SpanFinder(layer.text, layer.lineCounter);
  if (at === "key") return spans.nodeSpan(match.key);
  return spans.valueSpan(match.value, match.key);
}
function showValuesValue(value) {
  if (typeof value === "string") return /^[\w./-]+$/.test(value) ? value : JSON.stringify(value);
  if (value === null) return "null";
  if (typeof value !== "object") return String(value);
  const json = JSON.stringify(value);
  return json.length <= 60 ? json.replace(/"([\w-]+)":/g, "$1: ").replace(/"([\w./-]+)"/g, "$1") : "{…}";
}
function sameValue(rendered, fromValues) {
  const isObject = (v) => typeof v === "object" && v !== null;
  if (isObject(rendered) || isObject(fromValues)) return isObject(rendered) && isObject(fromValues);
  return String(rendered) === String(fromValues);
}

// src/render/helm-map.ts
var HelmChartFiles = class {
  sources;
  #templates = /* @__PURE__ */ new Map();
  #layers = /* @__PURE__ */ new Map();
  constructor(sources) {
    this.sources = sources;
  }
  /** A chart-relative path as findings name it. */
  file(relative) {
    return this.sources.dir === "." || this.sources.dir === "" ? relative : path4.posix.join(this.sources.dir, relative);
  }
  template(relative) {
    if (!this.#templates.has(relative)) {
      const text = this.sources.readText(path4.join(this.sources.absoluteDir, relative));
      this.#templates.set(relative, text === void 0 ? void 0 : parseTemplate(text));
    }
    return this.#templates.get(relative);
  }
  /** The values layers seen by the chart at the end of `subcharts`, lowest precedence first. */
  layers(subcharts) {
    const key = subcharts.join("/");
    const cached = this.#layers.get(key);
    if (cached) return cached;
    const layers = [];
    const { absoluteDir, cwd } = this.sources;
    for (let depth = subcharts.length; depth >= 0; depth--) {
      const folder = subcharts.slice(0, depth).flatMap((name) => ["charts", name]);
      const relative = [...folder, "values.yaml"].join("/");
      const absolutePath = path4.join(absoluteDir, relative);
      const text = this.sources.readText(absolutePath);
      if (text === void 0) continue;
      layers.push(
        valuesFileLayer({
          file: this.file(relative),
          absolutePath,
          text,
          chartDefaults: true,
          prefix: subcharts.slice(depth)
        })
      );
    }
    for (const given of this.sources.valuesFiles) {
      const absolutePath = path4.resolve(cwd, given);
      const text = this.sources.readText(absolutePath);
      if (text === void 0) continue;
      const file = displayPath(cwd, absolutePath);
      layers.push(valuesFileLayer({ file, absolutePath, text, chartDefaults: false, prefix: [...subcharts] }));
    }
    for (const item of this.sources.set) layers.push(valuesSetLayer(item, [...subcharts]));
    this.#layers.set(key, layers);
    return layers;
  }
};
function fieldName(p) {
  return p.map((s) => typeof s === "number" ? `[${s}]` : s).join(".");
}
function keySpan(key) {
  return { line: key.line, column: key.keyColumn, endLine: key.line, endColumn: key.keyEndColumn };
}
function valueSpan(key) {
  if (key.valueText === "") return keySpan(key);
  return { line: key.line, column: key.valueColumn, endLine: key.line, endColumn: key.valueEndColumn };
}
function valuesPathFor(field, fieldPath) {
  const read = field.read;
  if (!read) return void 0;
  const rest = fieldPath.slice(field.depth);
  if (rest.length > 0 && !read.structured) return void 0;
  if (rest.some((s) => typeof s === "number")) return void 0;
  return [...read.path, ...rest.map(String)];
}
function locateInTemplate(files, rendered, fieldPath) {
  const source = parseHelmSource(rendered.source);
  const parsed = files.template(source.file);
  if (!parsed) return void 0;
  const document = templateDocumentFor(parsed, rendered.kind, rendered.ordinal);
  return {
    template: { file: files.file(source.file), relative: source.file, parsed },
    subcharts: source.subcharts,
    kindKey: document?.kindKey,
    fields: document ? templateFieldsFor(document, fieldPath) : []
  };
}
function mapHelmValue(files, rendered, fieldPath, at = "value") {
  const located = locateInTemplate(files, rendered, fieldPath);
  if (!located) return void 0;
  const { template } = located;
  const objectPoint = () => ({
    file: template.file,
    ...located.kindKey ? keySpan(located.kindKey) : { line: 1, column: 1, endLine: 1, endColumn: 1 }
  });
  const renderedValue = fieldAt(rendered.object, fieldPath);
  if (renderedValue === void 0) return missingField(files, located, fieldPath) ?? objectPoint();
  if (located.fields.length === 0) return objectPoint();
  const layers = files.layers(located.subcharts);
  for (const field2 of located.fields) {
    const valuesPath = valuesPathFor(field2, fieldPath);
    if (!valuesPath) continue;
    const origin = valuesOrigin(layers, valuesPath);
    if (!origin || !sameValue(renderedValue, origin.value)) continue;
    if (origin.kind === "set") {
      return {
        file: template.file,
        ...at === "key" ? keySpan(field2.key) : valueSpan(field2.key),
        note: `--set ${origin.assignment} sets ${fieldName(fieldPath)} (through ${template.file}:${field2.key.line})`
      };
    }
    const span = locateValuesKey(origin.layer, valuesPath, at);
    if (!span) continue;
    const shown = typeof origin.value === "object" && origin.value !== null ? "" : `: ${showValuesValue(origin.value)}`;
    return {
      file: origin.layer.file,
      ...span,
      note: `${[...origin.layer.prefix, ...valuesPath].join(".")}${shown} in ${origin.layer.file}:${span.line} sets ${fieldName(fieldPath)}`
    };
  }
  const field = located.fields[0];
  return { file: template.file, ...at === "key" ? keySpan(field.key) : valueSpan(field.key) };
}
function truthy(value, fromSet) {
  if (fromSet && typeof value === "string") return !["", "false", "0", "null"].includes(value.trim());
  if (value === void 0 || value === null || value === false || value === 0 || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}
function failedCondition(layers, field) {
  for (const condition of field.key.conditions) {
    if (!condition.path) continue;
    const origin = valuesOrigin(layers, condition.path);
    if (truthy(origin?.value, origin?.kind === "set") === condition.when) continue;
    return { field, condition: { ...condition, path: condition.path }, origin };
  }
  return void 0;
}
function conditionKey(failed) {
  const prefix = failed.origin?.kind === "file" ? failed.origin.layer.prefix : [];
  return [...prefix, ...failed.condition.path].join(".");
}
function onlyWhen(failed, templateFile) {
  const key = conditionKey(failed);
  const state = failed.condition.when ? "is set" : "is false or unset";
  return `written only when ${key} ${state} (${templateFile}:${failed.field.key.line})`;
}
function missingField(files, located, fieldPath) {
  const own = located.fields.filter((f) => f.depth === fieldPath.length);
  const layers = files.layers(located.subcharts);
  const name = fieldName(fieldPath);
  const file = located.template.file;
  for (const field of own) {
    const failed = failedCondition(layers, field);
    if (!failed) continue;
    const key = conditionKey(failed);
    const { origin } = failed;
    if (origin?.kind === "file") {
      const span = locateValuesKey(origin.layer, failed.condition.path, "value");
      if (span) {
        const shown = typeof origin.value === "object" && origin.value !== null ? "" : `: ${showValuesValue(origin.value)}`;
        return {
          file: origin.layer.file,
          ...span,
          note: `${key}${shown} in ${origin.layer.file}:${span.line} leaves out ${name}, ${onlyWhen(failed, file)}`
        };
      }
    }
    const why = origin?.kind === "set" ? `--set ${origin.assignment}` : `${key} unset in the values`;
    return { file, ...keySpan(field.key), note: `${why} leaves out ${name}, ${onlyWhen(failed, file)}` };
  }
  const reader = own.find((f) => f.read);
  if (reader?.read) {
    const key = reader.read.path.join(".");
    return {
      file,
      ...keySpan(reader.key),
      note: `${file}:${reader.key.line} writes ${name} from the values key ${key}, which renders nothing`
    };
  }
  return void 0;
}

// src/render/helm-fix.ts
function mapHelmFix(files, rendered, edits) {
  const byFile = /* @__PURE__ */ new Map();
  const said = [];
  const add = (layer, edit) => {
    const entry = byFile.get(layer.absolutePath) ?? { file: layer.file, absolutePath: layer.absolutePath, edits: [] };
    entry.edits.push(edit);
    byFile.set(layer.absolutePath, entry);
  };
  for (const edit of edits) {
    const located = locateInTemplate(files, rendered, edit.path);
    const where = located ? writerOf(files, located, rendered, edit.path) : void 0;
    const target = where ? valuesPathFor(where, edit.path) : void 0;
    if (!located || !where || !target) {
      const depth = located?.fields[0]?.depth;
      const lines = where ? [where.key.line] : located?.fields.filter((f) => f.depth === depth).map((f) => f.key.line) ?? [];
      const place = located ? `${located.template.file}:${lines.length > 0 ? lines.join(",") : located.kindKey?.line ?? 1}` : "the chart";
      return { kind: "by-hand", advice: `${describeEdit(edit)} in ${place} by hand` };
    }
    const layers = files.layers(located.subcharts);
    const missing = fieldAt(rendered.object, edit.path) === void 0;
    const failed = edit.op === "set" && missing ? failedCondition(layers, where) : void 0;
    if (failed && failed.condition.path.join(".") !== target.join(".")) {
      const key = conditionKey(failed);
      const at = `${located.template.file}:${failed.field.key.line}`;
      return {
        kind: "by-hand",
        advice: `set ${key}: ${failed.condition.when ? "true" : "false"} by hand so that ${at} writes ${fieldName(edit.path)} (and check what else ${key} switches), then ${describeEdit({ ...edit, path: target })}`
      };
    }
    const set = setLayerTouching(layers, target);
    if (set) {
      return { kind: "by-hand", advice: `change --set ${set.raw}: ${describeEdit({ ...edit, path: target })}` };
    }
    if (edit.op === "delete") {
      for (const layer2 of fileLayersSetting(layers, target)) {
        add(layer2, { op: "delete", path: [...layer2.prefix, ...target] });
        said.push(`remove ${[...layer2.prefix, ...target].join(".")} from ${layer2.file}`);
      }
      continue;
    }
    const layer = settingLayer(layers, target, where.read?.path.length ?? target.length);
    if (!layer) return { kind: "by-hand", advice: `${describeEdit({ ...edit, path: target })} in a values file` };
    add(layer, { op: "set", path: [...layer.prefix, ...target], value: edit.value });
    said.push(`set ${[...layer.prefix, ...target].join(".")}: ${showValuesValue(edit.value)} in ${layer.file}`);
  }
  if (byFile.size === 0) return { kind: "by-hand", advice: "nothing in the values files sets it" };
  return { kind: "edit", edits: [...byFile.values()], advice: said.join(", ") };
}
function writerOf(files, located, rendered, fieldPath) {
  const [deepest] = located.fields;
  if (!deepest) return void 0;
  const writers = located.fields.filter((f) => f.depth === deepest.depth);
  if (writers.length === 1) return deepest;
  const renderedValue = fieldAt(rendered.object, fieldPath);
  const layers = files.layers(located.subcharts);
  return writers.find((field) => {
    const valuesPath = valuesPathFor(field, fieldPath);
    const origin = valuesPath ? valuesOrigin(layers, valuesPath) : void 0;
    return origin !== void 0 && renderedValue !== void 0 && sameValue(renderedValue, origin.value);
  });
}
function settingLayer(layers, target, readDepth) {
  for (let length = target.length; length >= Math.max(1, readDepth); length--) {
    const origin = valuesOrigin(layers, target.slice(0, length));
    if (origin?.kind === "file") return origin.layer;
    if (origin) return void 0;
  }
  const fileLayers = layers.filter((l) => l.kind === "file" && l.values !== void 0);
  return fileLayers.findLast((l) => !l.chartDefaults) ?? fileLayers.at(-1);
}
function describeEdit(edit) {
  const key = fieldName(edit.path);
  return edit.op === "set" ? `set ${key}: ${showValuesValue(edit.value)}` : `remove ${key}`;
}

// src/render/helm-rendered-lines.ts
function mapRenderedLine(files, document, line) {
  const source = parseHelmSource(document.source);
  const parsed = files.template(source.file);
  if (!parsed) return void 0;
  const file = files.file(source.file);
  const templateDocument = templateDocumentFor(parsed, document.kind, document.ordinal);
  const note = `line ${line} of helm's output of ${document.source}`;
  const fallback = {
    file,
    ...templateDocument?.kindKey ? keySpan(templateDocument.kindKey) : { line: 1, column: 1, endLine: 1, endColumn: 1 },
    note
  };
  const path12 = renderedPath(document.lines, document.firstLine, line);
  if (!templateDocument || !path12) return fallback;
  let earlier = 0;
  for (let other = document.firstLine; other < line; other++) {
    const otherPath = renderedPath(document.lines, document.firstLine, other);
    if (otherPath && otherPath.join("\0") === path12.join("\0")) earlier++;
  }
  const writers = templateFieldsFor(templateDocument, path12).filter((f) => f.depth === path12.length);
  const writer = writers[Math.min(earlier, writers.length - 1)];
  if (!writer) return fallback;
  return { file, ...keySpan(writer.key), note };
}
function renderedPath(lines, firstLine, line) {
  const keyOf = (text) => /^( *)([^\s#:'"-][^:#]*?):(?:\s|$)/.exec(text);
  const own = keyOf(lines[line - 1] ?? "");
  if (!own) return void 0;
  const path12 = [own[2]];
  let indent = own[1]?.length ?? 0;
  for (let index = line - 2; index >= firstLine - 1 && indent > 0; index--) {
    const text = lines[index] ?? "";
    if (text.trim() === "" || text.trimStart().startsWith("#")) continue;
    const lineIndent = /^ */.exec(text)?.[0].length ?? 0;
    if (lineIndent >= indent) continue;
    const key = keyOf(text);
    if (!key) return void 0;
    path12.unshift(key[2]);
    indent = lineIndent;
  }
  return path12;
}

// src/render/sources.ts
var import_yaml2 = __toESM(require_dist(), 1);
import path5 from "node:path";
function parseSourceText(cwd, absolutePath, raw) {
  const hasBom = raw.charCodeAt(0) === 65279;
  const text = hasBom ? raw.slice(1) : raw;
  const lineCounter = new import_yaml2.LineCounter();
  const documents = (0, import_yaml2.parseAllDocuments)(text, yamlParseOptions(lineCounter));
  const spans = new SpanFinder(text, lineCounter);
  const file = displayPath(cwd, absolutePath);
  const source = {
    file,
    absolutePath,
    text,
    hasBom,
    isJson: /\.json$/i.test(absolutePath),
    documents,
    lineCounter,
    hasProblems: documents.some((d) => d.errors.length > 0)
  };
  return {
    source,
    file,
    documents,
    span: (node) => spans.nodeSpan(node),
    spanBetween: (from, to) => from.range && to.range ? spans.span(from.range[0], to.range[1]) : void 0
  };
}
function parseInlineText(outer, outerText, scalar) {
  if (!(0, import_yaml2.isScalar)(scalar) || typeof scalar.value !== "string" || !scalar.range) return void 0;
  const inner = scalar.value;
  const lineCounter = new import_yaml2.LineCounter();
  const documents = (0, import_yaml2.parseAllDocuments)(inner, yamlParseOptions(lineCounter));
  const spans = new SpanFinder(inner, lineCounter);
  const whole = outer.span(scalar);
  let shift;
  if (scalar.type === "BLOCK_LITERAL" && whole) {
    const start = scalar.range[0];
    const headerEnd = outerText.indexOf("\n", start);
    const firstContent = /^( *)\S/m.exec(outerText.slice(headerEnd + 1));
    const indent = firstContent?.[1]?.length ?? 0;
    const first = whole.line + 1;
    shift = (s) => ({
      line: first + s.line - 1,
      column: s.column + indent,
      endLine: first + s.endLine - 1,
      endColumn: s.endColumn + indent
    });
  }
  const place = (span) => span === void 0 ? void 0 : shift ? shift(span) : whole;
  return {
    source: void 0,
    file: outer.file,
    documents,
    span: (node) => place(spans.nodeSpan(node)),
    spanBetween: (from, to) => from.range && to.range ? place(spans.span(from.range[0], to.range[1])) : void 0
  };
}
function matchSource(parsed, docIndex, root, segments, at) {
  const doc = parsed.documents[docIndex];
  if (!doc) return { found: false, value: null, key: null, span: void 0 };
  const match = matchPath(doc, root, segments);
  if (match.found) {
    const value = match.value;
    const emptyValue = !value?.range || value.range[1] <= value.range[0];
    const span = at === "key" || emptyValue ? parsed.span(match.key) ?? parsed.span(value) : parsed.span(value);
    return { found: true, value: match.value, key: match.key, span };
  }
  return { found: false, value: null, key: null, span: objectSpan(parsed, docIndex, root) };
}
function objectSpan(parsed, docIndex, root) {
  const doc = parsed.documents[docIndex];
  if (!doc) return void 0;
  const kind = matchPath(doc, root, ["kind"]);
  if (kind.found && kind.key && kind.value) return parsed.spanBetween(kind.key, kind.value);
  return parsed.span((0, import_yaml2.isMap)(root) ? root : null);
}
var SourceFiles = class {
  #cwd;
  #texts;
  #parsed = /* @__PURE__ */ new Map();
  constructor(cwd, texts) {
    this.#cwd = cwd;
    this.#texts = texts;
  }
  /** The file at an absolute path, parsed; undefined when it was not read. */
  get(absolutePath) {
    const key = path5.resolve(absolutePath);
    if (this.#parsed.has(key)) return this.#parsed.get(key);
    const text = this.#texts.get(key);
    const parsed = text === void 0 ? void 0 : parseSourceText(this.#cwd, key, text);
    this.#parsed.set(key, parsed);
    return parsed;
  }
  /** The raw text of a file read (positions of inline texts need it). */
  text(absolutePath) {
    const raw = this.#texts.get(path5.resolve(absolutePath));
    return raw !== void 0 && raw.charCodeAt(0) === 65279 ? raw.slice(1) : raw;
  }
};

// src/render/helm.ts
var RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
function chartName(chartYaml) {
  try {
    const value = (0, import_yaml3.parse)(chartYaml);
    return typeof value?.name === "string" && value.name.trim() !== "" ? value.name.trim() : void 0;
  } catch {
    return void 0;
  }
}
function helmOptionsFor(target, settings) {
  let release = settings.helmRelease;
  if (release === void 0) {
    let text = "";
    try {
      text = readFileSync(target.absoluteFile, "utf8");
    } catch {
    }
    const name = chartName(text);
    if (name === void 0 || name.length > 53 || !RELEASE_NAME.test(name)) {
      const why = name === void 0 ? `${target.file} has no name` : `the chart's name "${name}" is not a valid release name`;
      throw new UsageError(`cannot render ${target.name}: ${why}: set the helm-release input (--helm-release)`);
    }
    release = name;
  }
  return {
    release,
    ...settings.namespace ? { namespace: settings.namespace } : {},
    valuesFiles: settings.helmValues,
    set: settings.helmSet
  };
}
async function renderHelm(target, context) {
  const started = Date.now();
  let options;
  try {
    options = helmOptionsFor(target, context.settings);
  } catch (error) {
    if (error instanceof UsageError) throw new RenderError(target, error.message, { cause: error });
    throw error;
  }
  const helm = context.settings.helm;
  let run;
  try {
    run = await context.run(helm, helmTemplateArgs(target.folder, options), { cwd: context.cwd });
  } catch (error) {
    const code = error.code;
    if (code === "ENOENT") throw new UsageError(helmNotFoundMessage(helm, target.name), { cause: error });
    const why = error instanceof Error ? error.message : String(error);
    const line = redactSecrets(why.split("\n")[0] ?? why);
    throw new RenderError(target, `cannot render ${target.name} with helm template: ${line}`, {
      cause: error,
      timedOut: code === "ETIMEDOUT"
    });
  }
  if (run.exitCode !== 0) throw new RenderError(target, redactSecrets(helmFailureMessage(target.name, run)));
  const text = run.stdout;
  const files = new HelmChartFiles({
    dir: target.name,
    absoluteDir: target.folder,
    valuesFiles: options.valuesFiles,
    set: options.set,
    cwd: context.cwd,
    readText: (file) => {
      try {
        return readFileSync(file, "utf8");
      } catch {
        return void 0;
      }
    }
  });
  const index = new RenderIndex(text);
  return {
    target,
    text,
    helm: options,
    locate: (request) => locateHelm(files, index, request, context.cwd),
    locateText: (line) => {
      const document = index.documentAt(line);
      if (!document) return void 0;
      const lines = text.split(/\r?\n/);
      return mapRenderedLine(files, { ...document, lines }, line) ?? void 0;
    },
    durationMs: Date.now() - started
  };
}
var RenderIndex = class {
  #text;
  #byStart;
  #parsed = false;
  constructor(text) {
    this.#text = text;
  }
  #build() {
    if (this.#byStart) return this.#byStart;
    const text = this.#text;
    const open2 = [];
    let offset = 0;
    let line = 1;
    while (offset <= text.length) {
      const newline = text.indexOf("\n", offset);
      const end = newline === -1 ? text.length : newline;
      const current = open2[open2.length - 1];
      if (text.startsWith("---", offset) && (end === offset + 3 || /\s/.test(text[offset + 3] ?? ""))) {
        open2.push({ start: offset, firstLine: line, lastLine: line });
      } else if (current) {
        current.lastLine = line;
        if (current.source === void 0 && text.startsWith("# Source:", offset)) {
          current.source = text.slice(offset + "# Source:".length, end).trim();
        } else if (current.kind === void 0 && text.startsWith("kind:", offset)) {
          current.kind = text.slice(offset + "kind:".length, end).replace(/\s+#.*$/, "").trim().replace(/^(["'])(.*)\1$/, "$2");
        }
      }
      if (newline === -1) break;
      offset = newline + 1;
      line++;
    }
    this.#byStart = indexDocuments(open2);
    return this.#byStart;
  }
  /** The same index from a real parse, for a render the line scan did not read right. */
  #parse() {
    this.#parsed = true;
    const lineCounter = new import_yaml3.LineCounter();
    const parsed = (0, import_yaml3.parseAllDocuments)(this.#text, { uniqueKeys: false, lineCounter });
    const documents = parsed.map((doc, i) => ({
      start: doc.range[0],
      firstLine: lineCounter.linePos(doc.range[0]).line,
      lastLine: lineCounter.linePos(Math.max(doc.range[0], doc.range[2] - 1)).line,
      source: helmSourceOfDocument(this.#text, doc, i === 0 ? 0 : parsed[i - 1]?.range[2]),
      kind: String(doc.get("kind") ?? "")
    }));
    this.#byStart = indexDocuments(documents);
    return this.#byStart;
  }
  lookup(start) {
    const found = this.#build().get(start);
    if (found || this.#parsed) return found;
    return this.#parse().get(start);
  }
  /** The document holding a 1-based line of the render. */
  documentAt(line) {
    for (const document of this.#build().values()) {
      if (line >= document.firstLine && line <= document.lastLine) return document;
    }
    return void 0;
  }
};
function indexDocuments(documents) {
  const byStart = /* @__PURE__ */ new Map();
  const counts = /* @__PURE__ */ new Map();
  for (const { start, firstLine, lastLine, source, kind = "" } of documents) {
    if (!source) continue;
    const key = `${source}\0${kind}`;
    const ordinal = counts.get(key) ?? 0;
    counts.set(key, ordinal + 1);
    byStart.set(start, { source, kind, ordinal, firstLine, lastLine });
  }
  return byStart;
}
function locateHelm(files, index, request, cwd) {
  const { object } = request;
  const found = index.lookup(object.document.range[0]);
  if (!found) return void 0;
  const rendered = {
    source: found.source,
    kind: object.kind,
    ordinal: found.ordinal,
    object: object.object
  };
  const point = mapHelmValue(files, rendered, request.path, request.at);
  if (!point) return void 0;
  const location = { ...point };
  if (!request.fix || request.fix.length === 0) return location;
  const fix = mapHelmFix(files, rendered, request.fix);
  if (fix.kind === "by-hand") return { ...location, manual: fix.advice };
  const sourceFixes = [];
  for (const edit of fix.edits) {
    const raw = files.sources.readText(edit.absolutePath);
    const source = raw === void 0 ? void 0 : parseSourceText(cwd, edit.absolutePath, raw).source;
    if (!source || source.hasProblems || source.documents.length !== 1) return { ...location, manual: fix.advice };
    sourceFixes.push({ source, docIndex: 0, edits: edit.edits });
  }
  return { ...location, fix: sourceFixes };
}

// src/render/kustomize.ts
import { mkdtemp, readFile as readFile2, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path8 from "node:path";

// src/render/command.ts
var RENDER_TIMEOUT_MS = 2 * 6e4;
var MAX_RENDER_OUTPUT_BYTES = 256 * 1024 * 1024;
var boundedRenderRunner = createBoundedRunner({
  timeoutMs: RENDER_TIMEOUT_MS,
  maxOutputBytes: MAX_RENDER_OUTPUT_BYTES
});
var MAX_TOOL_MESSAGE = 600;
var KLOG = /^[EWIF]\d{4} [\d:.]+\s+\d+ [\w./-]+:\d+\] "((?:[^"\\]|\\.)*)"\s*(.*)$/;
function toolMessage(stderr, stdout = "") {
  const lines = (stderr.trim() ? stderr : stdout).split(/\r?\n/);
  const parts = [];
  let continues = false;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? "").trim();
    if (line === "" || /^#?\s*Warning:/i.test(line)) continue;
    const klog = KLOG.exec(line);
    if (!klog) {
      if (/^error:/i.test(line) || !continues) parts.push(line.replace(/^error:\s*/i, ""));
      else parts[parts.length - 1] += ` ${line}`;
      continues = /^error:/i.test(line) || continues;
      continue;
    }
    continues = false;
    const rest = klog[2] ?? "";
    const quoted = /^err="((?:[^"\\]|\\.)*)"/.exec(rest);
    if (quoted?.[1] !== void 0) {
      parts.push(quoted[1].replace(/\\n/g, " ").replace(/\\(["\\])/g, "$1"));
    } else if (rest.startsWith("err=<")) {
      const held = [];
      while (i + 1 < lines.length && (lines[i + 1] ?? "").trim() !== ">") held.push((lines[++i] ?? "").trim());
      i++;
      parts.push(held.filter((l) => l !== "").join(" "));
    } else {
      parts.push(klog[1] ?? line);
    }
  }
  const message = parts.filter((p) => p !== "").join("; ").replace(/\s+/g, " ");
  return message.length > MAX_TOOL_MESSAGE ? `${message.slice(0, MAX_TOOL_MESSAGE)}…` : message;
}
async function runRenderTool(context, target, tool, command, args, rewrite = (m) => m) {
  let result;
  try {
    result = await context.run(command, args, { cwd: context.cwd });
  } catch (error) {
    const code = error.code;
    if (code === "ENOENT") {
      throw new UsageError(
        `cannot render ${target.name}: ${command} not found (${tool.label} renders it): install it or set the ${tool.input} input (--${tool.input}) to its path`,
        { cause: error }
      );
    }
    const why = error instanceof Error ? error.message : String(error);
    throw new RenderError(
      target,
      `cannot render ${target.name} with ${tool.label}: ${rewrite(why.split("\n")[0] ?? why)}`,
      {
        cause: error,
        timedOut: code === "ETIMEDOUT"
      }
    );
  }
  if (result.exitCode !== 0) {
    const why = toolMessage(result.stderr, result.stdout) || `exit code ${result.exitCode}`;
    throw new RenderError(target, `${tool.label} ${target.name} failed: ${rewrite(why)}`);
  }
  return { stdout: result.stdout, stderr: result.stderr };
}

// src/render/kustomize-map.ts
var import_yaml5 = __toESM(require_dist(), 1);
import path6 from "node:path";
import { isDeepStrictEqual } from "node:util";

// src/render/kustomize-writers.ts
var import_yaml4 = __toESM(require_dist(), 1);
function selects(target, object, names) {
  if (typeof target.kind === "string" && target.kind !== object.kind) return false;
  const group = object.apiVersion.includes("/") ? object.apiVersion.slice(0, object.apiVersion.indexOf("/")) : "";
  if (typeof target.group === "string" && target.group !== group) return false;
  if (typeof target.name === "string") {
    let pattern;
    try {
      pattern = new RegExp(`^(?:${target.name})$`);
    } catch {
      pattern = void 0;
    }
    if (!names.some((n) => pattern ? pattern.test(n) : n === target.name)) return false;
  }
  return true;
}
function pointerSegments(pointer) {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) return void 0;
  return pointer.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}
function startsWith2(whole, prefix) {
  return prefix.length <= whole.length && prefix.every((s, i) => String(s) === String(whole[i]));
}
function patchWriter(entry, object, names, segments) {
  const parsed = entry.parsed;
  if (!parsed) return void 0;
  if (entry.target && !selects(entry.target, object, names)) return void 0;
  const readOnly = entry.inline ? `edit the inline patch in ${parsed.file} by hand (--fix does not rewrite inline patches)` : void 0;
  const note = entry.inline ? "set by an inline patch of this kustomization" : "set by this patch";
  for (let docIndex = parsed.documents.length - 1; docIndex >= 0; docIndex--) {
    const doc = parsed.documents[docIndex];
    if (!doc || doc.errors.length > 0) continue;
    const root = doc.contents;
    if ((0, import_yaml4.isSeq)(root)) {
      for (let i = root.items.length - 1; i >= 0; i--) {
        const op = root.items[i];
        if (!(0, import_yaml4.isMap)(op)) continue;
        const kind = scalarValue(op.get("op", true));
        const pointer = scalarValue(op.get("path", true));
        const opPath = typeof pointer === "string" ? pointerSegments(pointer) : void 0;
        if (!opPath || !startsWith2(segments, opPath)) continue;
        if (kind === "remove") {
          return {
            parsed,
            docIndex,
            root: op,
            rest: [],
            rootPath: [i],
            removed: true,
            note: "removed by this patch",
            ...readOnly ? { readOnly } : {}
          };
        }
        if (kind !== "add" && kind !== "replace") continue;
        const value2 = op.get("value", true);
        const rest = segments.slice(opPath.length);
        if (!matchPath(doc, value2, rest).found) continue;
        return { parsed, docIndex, root: value2, rest, rootPath: [i, "value"], note, ...readOnly ? { readOnly } : {} };
      }
      continue;
    }
    if (!(0, import_yaml4.isMap)(root)) continue;
    const value = doc.toJS();
    if (!entry.target) {
      if (typeof value.kind === "string" && value.kind !== object.kind) continue;
      const name = fieldAt(value, ["metadata", "name"]);
      if (typeof name === "string" && !names.includes(name)) continue;
    }
    const match = matchPath(doc, root, segments);
    if (!match.found) continue;
    const patched = fieldAt(value, segments);
    const rendered = fieldAt(object.object, segments);
    if (isPrimitive(patched) && isPrimitive(rendered) && patched !== rendered) continue;
    return { parsed, docIndex, root, rest: segments, rootPath: [], note, ...readOnly ? { readOnly } : {} };
  }
  return void 0;
}
function scalarValue(node) {
  return (0, import_yaml4.isScalar)(node) ? node.value : void 0;
}
function nodeValue(node) {
  if (node === null) return void 0;
  if ((0, import_yaml4.isScalar)(node)) return node.value;
  return node.toJSON?.();
}
function isIdentity(segments) {
  const [first, second] = segments;
  return segments.length === 0 || first === "kind" || first === "apiVersion" || first === "metadata" && (segments.length === 1 || second === "name");
}
function isPrimitive(value) {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}
function replicasWriter(kustomization, root, names, segments) {
  if (segments.length !== 2 || segments[0] !== "spec" || segments[1] !== "replicas") return void 0;
  const list = root.get("replicas", true);
  if (!(0, import_yaml4.isSeq)(list)) return void 0;
  for (let i = list.items.length - 1; i >= 0; i--) {
    const entry = list.items[i];
    if (!(0, import_yaml4.isMap)(entry)) continue;
    const name = scalarValue(entry.get("name", true));
    if (typeof name !== "string" || !names.includes(name)) continue;
    if (!entry.has("count")) continue;
    return {
      parsed: kustomization,
      docIndex: 0,
      root: entry,
      rest: ["count"],
      rootPath: ["replicas", i],
      note: "set by replicas: in this kustomization"
    };
  }
  return void 0;
}

// src/render/kustomize-map.ts
var PATCH_KEYS = {
  PatchTransformer: "patches",
  PatchStrategicMergeTransformer: "patchesStrategicMerge",
  PatchJson6902Transformer: "patchesJson6902"
};
var KustomizeSourceMap = class {
  #target;
  #origins;
  #files;
  constructor(target, cwd, origins, texts) {
    this.#target = target;
    this.#origins = origins;
    this.#files = new SourceFiles(cwd, texts);
  }
  /** The source of the value at `request.path` of a rendered object (see RenderResult.locate). */
  locate(request) {
    const origin = this.#origins[request.object.docIndex];
    if (!origin) return void 0;
    const resource = this.#resource(origin, request.object);
    const primary = this.#writer(origin, request.object, request.path) ?? (resource ? { ...resource, rest: request.path } : void 0);
    if (!primary) return void 0;
    const match = matchSource(primary.parsed, primary.docIndex, primary.root, primary.rest, request.at);
    if (!match.span) return void 0;
    const location = { file: primary.parsed.file, ...match.span };
    const note = primary.note ?? this.#changedByBuild(primary, match, request);
    if (note) location.note = note;
    if (request.fix && request.fix.length > 0) {
      const fix = this.#fix(origin, request.object, request.fix, primary);
      if (Array.isArray(fix)) location.fix = fix;
      else location.manual = fix;
    }
    return location;
  }
  /** A note when the resource holds a value the build changed (a transformer this map does not model). */
  #changedByBuild(writer, match, request) {
    if (writer.note !== void 0 || !match.found) return void 0;
    const rendered = fieldAt(request.object.object, request.path);
    if (rendered === void 0 || isDeepStrictEqual(nodeValue(match.value), rendered)) return void 0;
    return "the build changes this value";
  }
  /** The last transformer that sets `segments` on the object, searched from the last applied to the first. */
  #writer(origin, object, segments) {
    if (isIdentity(segments)) return void 0;
    const names = this.#names(origin, object);
    const seen = /* @__PURE__ */ new Set();
    for (const t of [...origin.transformations].reverse()) {
      const key = `${t.configuredIn}\0${t.kind}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const kustomization = this.#files.get(t.configuredIn);
      const root = kustomization?.documents[0]?.contents;
      if (!kustomization || !(0, import_yaml5.isMap)(root)) continue;
      if (t.kind === "ReplicaCountTransformer") {
        const writer = replicasWriter(kustomization, root, names, segments);
        if (writer) return writer;
        continue;
      }
      const entriesKey = PATCH_KEYS[t.kind];
      if (!entriesKey) continue;
      const entries = this.#patchEntries(kustomization, root, t.configuredIn, entriesKey);
      for (const entry of entries.reverse()) {
        const writer = patchWriter(entry, object, names, segments);
        if (writer) return writer;
      }
    }
    return void 0;
  }
  /** The names the object may be selected by: its rendered name and its name in the resource file. */
  #names(origin, object) {
    const names = object.name ? [object.name] : [];
    const resource = this.#resource(origin, object);
    const doc = resource?.parsed.documents[resource.docIndex];
    const own = doc ? fieldAt(doc.toJS(), ["metadata", "name"]) : void 0;
    if (typeof own === "string" && !names.includes(own)) names.push(own);
    return names;
  }
  /** The object's document in its resource file: same kind, and the name (kustomize may prefix or suffix it). */
  #resource(origin, object) {
    if (!origin.path) return void 0;
    const parsed = this.#files.get(origin.path);
    if (!parsed) return void 0;
    let best;
    parsed.documents.forEach((doc, docIndex) => {
      if (doc.errors.length > 0 || !(0, import_yaml5.isMap)(doc.contents)) return;
      const value = doc.toJS();
      if (value.kind !== object.kind) return;
      const name = fieldAt(value, ["metadata", "name"]);
      const rendered = object.name ?? "";
      const score = name === rendered ? 3 : typeof name === "string" && name !== "" && rendered.includes(name) ? 2 : 1;
      if (!best || score > best.score) best = { docIndex, score };
    });
    const found = best;
    if (!found) return void 0;
    return {
      parsed,
      docIndex: found.docIndex,
      root: parsed.documents[found.docIndex]?.contents,
      rest: [],
      rootPath: []
    };
  }
  /** The patches of one kind a kustomization lists, in order, with their texts parsed. */
  #patchEntries(kustomization, root, file, key) {
    const list = root.get(key, true);
    if (!(0, import_yaml5.isSeq)(list)) return [];
    const folder = path6.dirname(file);
    const text = this.#files.text(file) ?? "";
    const entries = [];
    for (const item of list.items) {
      if ((0, import_yaml5.isScalar)(item) && typeof item.value === "string") {
        if (item.value.includes("\n")) {
          entries.push({
            parsed: parseInlineText(kustomization, text, item),
            target: void 0,
            inline: true,
            describe: "an inline patch"
          });
        } else {
          entries.push({
            parsed: this.#files.get(path6.resolve(folder, item.value)),
            target: void 0,
            inline: false,
            describe: item.value
          });
        }
        continue;
      }
      if (!(0, import_yaml5.isMap)(item)) continue;
      const target = item.get("target", true);
      const targetRecord = (0, import_yaml5.isMap)(target) ? target.toJSON() : void 0;
      const file2 = scalarValue(item.get("path", true));
      const inline = item.get("patch", true);
      if (typeof file2 === "string") {
        entries.push({
          parsed: this.#files.get(path6.resolve(folder, file2)),
          target: targetRecord,
          inline: false,
          describe: file2
        });
      } else if (inline) {
        entries.push({
          parsed: parseInlineText(kustomization, text, inline),
          target: targetRecord,
          inline: true,
          describe: "an inline patch"
        });
      }
    }
    return entries;
  }
  /**
   * The fix translated onto the sources, or why there is none (what to change by hand): each edit goes to the
   * place that sets its value; an edit adding a value nothing sets goes where the finding points, when that is a
   * resource or a patch file.
   */
  #fix(origin, object, edits, primary) {
    const byDocument = /* @__PURE__ */ new Map();
    const add = (writer, edit) => {
      const source = writer.parsed.source;
      if (!source) return;
      const key = `${source.file}\0${writer.docIndex}`;
      let fix = byDocument.get(key);
      if (!fix) {
        fix = { source, docIndex: writer.docIndex, edits: [] };
        byDocument.set(key, fix);
      }
      fix.edits.push({ ...edit, path: [...writer.rootPath, ...writer.rest] });
    };
    for (const edit of edits) {
      const writer = this.#writer(origin, object, edit.path);
      const resource = this.#resource(origin, object);
      if (writer) {
        if (writer.readOnly) return writer.readOnly;
        if (writer.removed) return `remove the JSON patch operation that removes it in ${writer.parsed.file}`;
        if (edit.op === "delete" && writer.rootPath.length > 0 && writer.rest.length === 0) {
          return `remove it by hand from ${writer.parsed.file} (--fix does not delete a patch operation)`;
        }
        add(writer, edit);
        continue;
      }
      const inResource = resource ? matchSource(resource.parsed, resource.docIndex, resource.root, edit.path, "value") : void 0;
      const rendered = fieldAt(object.object, edit.path);
      if (resource && inResource?.found) {
        if (rendered !== void 0 && !isDeepStrictEqual(nodeValue(inResource.value), rendered)) {
          return `the build changes ${edit.path.join(".")} (a transformer of ${this.#target.file}): change it by hand`;
        }
        add({ ...resource, rest: edit.path }, edit);
        continue;
      }
      if (edit.op === "delete") {
        if (rendered === void 0) continue;
        return `the build adds ${edit.path.join(".")}: remove it by hand where ${this.#target.file} sets it`;
      }
      if (rendered !== void 0) {
        return `the build sets ${edit.path.join(".")}: change it by hand where ${this.#target.file} sets it`;
      }
      const home = primary.rootPath.length === 0 && primary.parsed.source ? primary : resource;
      if (!home?.parsed.source) return `add ${edit.path.join(".")} by hand to the resource`;
      add({ ...home, rest: edit.path }, edit);
    }
    return [...byDocument.values()];
  }
};

// src/render/kustomize-origins.ts
var import_yaml6 = __toESM(require_dist(), 1);
import path7 from "node:path";
var ORIGIN_ANNOTATION = "config.kubernetes.io/origin";
var TRANSFORMATIONS_ANNOTATION = "alpha.config.kubernetes.io/transformations";
function stripBuildMetadata(rendered, root) {
  const pieces = [];
  const origins = [];
  for (const doc of (0, import_yaml6.parseAllDocuments)(rendered, { uniqueKeys: false })) {
    if (doc.contents === null) continue;
    const annotations = doc.getIn(["metadata", "annotations"], true);
    const origin = { transformations: [] };
    if ((0, import_yaml6.isMap)(annotations)) {
      const originText = scalarValue(annotations.get(ORIGIN_ANNOTATION, true));
      const transformations = scalarValue(annotations.get(TRANSFORMATIONS_ANNOTATION, true));
      if (typeof originText === "string") Object.assign(origin, readOrigin(originText, root));
      if (typeof transformations === "string") origin.transformations = readTransformations(transformations, root);
      annotations.delete(ORIGIN_ANNOTATION);
      annotations.delete(TRANSFORMATIONS_ANNOTATION);
      if (annotations.items.length === 0) doc.deleteIn(["metadata", "annotations"]);
    }
    origins.push(origin);
    doc.directives.docStart = null;
    pieces.push(doc.toString({ lineWidth: 0 }));
  }
  return { text: pieces.join("---\n"), origins };
}
function safeParse(text) {
  try {
    return (0, import_yaml6.parse)(text);
  } catch {
    return void 0;
  }
}
function readOrigin(text, root) {
  const value = safeParse(text);
  if (typeof value !== "object" || value === null) return {};
  const at = typeof value.path === "string" ? value.path : void 0;
  if (typeof value.repo === "string") {
    const ref = typeof value.ref === "string" ? `?ref=${value.ref}` : "";
    return { remote: `${value.repo}${at ? `//${at}` : ""}${ref}` };
  }
  return {
    ...at ? { path: path7.resolve(root, at) } : {},
    ...typeof value.configuredIn === "string" ? { configuredIn: path7.resolve(root, value.configuredIn) } : {}
  };
}
function readTransformations(text, root) {
  const list = safeParse(text);
  if (!Array.isArray(list)) return [];
  const out = [];
  for (const item of list) {
    const configuredBy = item?.configuredBy;
    if (typeof item?.configuredIn !== "string" || typeof configuredBy?.kind !== "string") continue;
    if (item.repo !== void 0) continue;
    out.push({ configuredIn: path7.resolve(root, item.configuredIn), kind: configuredBy.kind });
  }
  return out;
}
function kustomizationsOf(origins) {
  return [...new Set(origins.flatMap((o) => o.transformations.map((t) => t.configuredIn)))];
}
function patchFilesOf(kustomizationPath, text) {
  const doc = safeParse(text);
  if (typeof doc !== "object" || doc === null) return [];
  const folder = path7.dirname(kustomizationPath);
  const files = [];
  for (const key of ["patches", "patchesJson6902"]) {
    const list = doc[key];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (typeof entry?.path === "string") files.push(path7.resolve(folder, entry.path));
    }
  }
  const smp = doc.patchesStrategicMerge;
  if (Array.isArray(smp)) {
    for (const entry of smp)
      if (typeof entry === "string" && !entry.includes("\n")) files.push(path7.resolve(folder, entry));
  }
  return files;
}

// src/render/kustomize.ts
function kustomizeCommand(settings, folder) {
  return settings.kustomize ? {
    command: settings.kustomize,
    args: ["build", folder],
    tool: { label: "kustomize build", input: "kustomize" }
  } : {
    command: settings.kubectl,
    args: ["kustomize", folder],
    tool: { label: "kubectl kustomize", input: "kubectl" }
  };
}
function wrapperKustomization(relativeTarget) {
  return [
    "apiVersion: kustomize.config.k8s.io/v1beta1",
    "kind: Kustomization",
    "resources:",
    `  - ${JSON.stringify(relativeTarget)}`,
    "buildMetadata: [originAnnotations, transformerAnnotations]",
    ""
  ].join("\n");
}
async function renderKustomize(target, context) {
  const started = Date.now();
  const wrapper = await realpath(await mkdtemp(path8.join(tmpdir(), "singleton-guard-kustomize-")));
  let stdout;
  let withMetadata = true;
  try {
    const relative = path8.relative(wrapper, target.folder).split(path8.sep).join("/");
    if (path8.isAbsolute(relative)) {
      withMetadata = false;
      stdout = await renderPlain(target, context);
    } else {
      await writeFile(path8.join(wrapper, "kustomization.yaml"), wrapperKustomization(relative));
      const { command, args, tool } = kustomizeCommand(context.settings, wrapper);
      try {
        stdout = (await runRenderTool(context, target, tool, command, args, (m) => m.replaceAll(wrapper, "<tmp>"))).stdout;
      } catch (error) {
        if (!(error instanceof UsageError) || error instanceof RenderError && error.timedOut) throw error;
        stdout = await renderPlain(target, context);
        withMetadata = false;
      }
    }
  } finally {
    await rm(wrapper, { recursive: true, force: true });
  }
  const { text, origins } = withMetadata ? stripBuildMetadata(stdout, wrapper) : { text: stdout, origins: [] };
  const texts = await readSources(
    [...new Set(origins.flatMap((o) => o.path ? [o.path] : []))],
    kustomizationsOf(origins)
  );
  const map = new KustomizeSourceMap(target, context.cwd, origins, texts);
  return {
    target,
    text,
    locate: (request) => map.locate(request),
    durationMs: Date.now() - started
  };
}
async function renderPlain(target, context) {
  const { command, args, tool } = kustomizeCommand(context.settings, target.folder);
  return (await runRenderTool(context, target, tool, command, args)).stdout;
}
async function readSources(resources, kustomizations) {
  const texts = /* @__PURE__ */ new Map();
  const read = async (file) => {
    const key = path8.resolve(file);
    if (texts.has(key)) return texts.get(key);
    const text = await readFile2(key, "utf8").catch(() => void 0);
    if (text !== void 0) texts.set(key, text);
    return text;
  };
  for (const file of resources) await read(file);
  for (const kustomization of kustomizations) {
    const text = await read(kustomization);
    if (text === void 0) continue;
    for (const patch of patchFilesOf(kustomization, text)) await read(patch);
  }
  return texts;
}

// src/load/targets.ts
var import_yaml7 = __toESM(require_dist(), 1);
import { readFile as readFile3, stat } from "node:fs/promises";
import path9 from "node:path";
var CHART_FILE = "Chart.yaml";
var CHART_FOLDERS = /* @__PURE__ */ new Set(["templates", "charts", "crds"]);
var MAX_OWNER_DEPTH = 8;
function targetMarker(entryNames) {
  const names = new Set(entryNames);
  if (names.has(CHART_FILE)) return { tool: "helm", marker: CHART_FILE };
  const kustomization = KUSTOMIZATION_FILES.find((name) => names.has(name));
  return kustomization ? { tool: "kustomize", marker: kustomization } : void 0;
}
function isMarkerFile(name) {
  return name === CHART_FILE || KUSTOMIZATION_FILES.includes(name);
}
function isChartOwnFile(name) {
  return /^values.*\.ya?ml$/i.test(name) || name === "Chart.lock";
}
function makeTarget(cwd, folder, tool, marker) {
  const absoluteFile = path9.join(folder, marker);
  return {
    tool,
    folder,
    name: path9.resolve(folder) === path9.resolve(cwd) ? "." : displayPath(cwd, folder),
    file: displayPath(cwd, absoluteFile),
    absoluteFile
  };
}
async function isFile(file) {
  return stat(file).then(
    (s) => s.isFile(),
    () => false
  );
}
async function folderTarget(cwd, folder) {
  if (await isFile(path9.join(folder, CHART_FILE))) return makeTarget(cwd, folder, "helm", CHART_FILE);
  for (const marker of KUSTOMIZATION_FILES) {
    if (await isFile(path9.join(folder, marker))) return makeTarget(cwd, folder, "kustomize", marker);
  }
  return void 0;
}
async function owningTarget(cwd, absolutePath, options) {
  const lookUp = (folder2) => {
    const cache = options.cache;
    if (!cache) return folderTarget(cwd, folder2);
    let known = cache.get(folder2);
    if (!known) {
      known = folderTarget(cwd, folder2);
      cache.set(folder2, known);
    }
    return known;
  };
  const base = path9.basename(absolutePath);
  let folder = path9.dirname(absolutePath);
  let owner;
  if (isMarkerFile(base)) owner = await lookUp(folder);
  const insideCwd = !path9.relative(cwd, absolutePath).startsWith("..");
  let child = base;
  for (let depth = 0; depth < MAX_OWNER_DEPTH; depth++) {
    const target = await lookUp(folder);
    if (target?.tool === "kustomize" && options.inKustomize && !owner) owner = target;
    if (target?.tool === "helm" && (isChartOwnFile(child) || CHART_FOLDERS.has(child))) owner = target;
    if (insideCwd && path9.resolve(folder) === path9.resolve(cwd)) break;
    const parent = path9.dirname(folder);
    if (parent === folder) break;
    child = path9.basename(folder);
    folder = parent;
  }
  return owner;
}
function kustomizationReferences(text) {
  let doc;
  try {
    doc = (0, import_yaml7.parse)(text, { uniqueKeys: false });
  } catch {
    return { references: [], component: false };
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return { references: [], component: false };
  const record = doc;
  const references = [];
  for (const key of ["resources", "bases", "components"]) {
    const list = record[key];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (typeof entry !== "string" || entry.trim() === "") continue;
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /^(git@|github\.com\/)/.test(entry)) continue;
      references.push(entry.trim());
    }
  }
  return { references, component: record.kind === "Component" };
}
async function selectTargets(targets, explicit) {
  const byFolder = new Map(targets.map((t) => [path9.resolve(t.folder), t]));
  const usedBy = /* @__PURE__ */ new Map();
  const components = /* @__PURE__ */ new Set();
  for (const target of targets) {
    if (target.tool !== "kustomize") continue;
    const text = await readFile3(target.absoluteFile, "utf8").catch(() => "");
    const { references, component } = kustomizationReferences(text);
    if (component) components.add(target);
    for (const reference of references) {
      const used2 = byFolder.get(path9.resolve(target.folder, reference));
      if (!used2 || used2 === target) continue;
      usedBy.set(used2, [...usedBy.get(used2) ?? [], target.name]);
    }
  }
  const render = [];
  const used = [];
  for (const target of targets) {
    const users = usedBy.get(target);
    if (explicit.has(target) || !users && !components.has(target)) render.push(target);
    else used.push({ tool: target.tool, target: target.name, usedBy: users ?? [] });
  }
  return { render, used };
}

// src/load/render-targets.ts
function renderSettings(settings) {
  return {
    kubectl: settings.kubectl,
    ...settings.kustomize ? { kustomize: settings.kustomize } : {},
    helm: settings.helm,
    ...settings.helmRelease ? { helmRelease: settings.helmRelease } : {},
    ...settings.namespace ? { namespace: settings.namespace } : {},
    // Each chart's values and --set are bound to it by the loader (LoadOptions.helm, render/helm-inputs.ts).
    helmValues: [],
    helmSet: []
  };
}
var RENDER_CONCURRENCY = 4;
async function renderTarget(target, context) {
  if (context.settingsFor) context = { ...context, settings: context.settingsFor(target) };
  switch (target.tool) {
    case "kustomize":
      return renderKustomize(target, context);
    case "helm":
      return renderHelm(target, context);
  }
}
async function renderTargets(targets, context) {
  const results = new Array(targets.length);
  const errors = new Array(targets.length);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const index = next++;
      try {
        results[index] = await renderTarget(targets[index], context);
      } catch (error) {
        errors[index] = error ?? new Error("render failed");
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(RENDER_CONCURRENCY, targets.length) }, worker));
  const fatal = errors.find((e) => e !== void 0 && !(e instanceof RenderError));
  if (fatal !== void 0) throw fatal;
  return {
    results: results.filter((r) => r !== void 0),
    failures: errors.filter((e) => e instanceof RenderError)
  };
}

// src/load/find-files.ts
import { glob, readdir, realpath as realpath2, stat as stat2, lstat } from "node:fs/promises";
import path10 from "node:path";
var STDIN_FILE = "<stdin>";
var MANIFEST_EXTENSION = /\.(ya?ml|json)$/i;
var GLOB_CHARACTERS = /[*?[\]{}]/;
function describeFsError(error) {
  const code = error?.code;
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "ELOOP":
      return "symbolic link loop";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOTDIR":
      return "a path component is not a directory";
    case "ENAMETOOLONG":
      return "path too long";
    default:
      return code ?? (error instanceof Error ? error.message : String(error));
  }
}
async function explainUnreadable(absolutePath, error) {
  if (error?.code === "ENOENT") {
    const isLink = await lstat(absolutePath).then(
      (s) => s.isSymbolicLink(),
      () => false
    );
    if (isLink) return "broken symbolic link";
  }
  return describeFsError(error);
}
async function findManifestFiles(paths, options) {
  const cwd = path10.resolve(options.cwd);
  const inputs = [];
  const problems = [];
  const targets = [];
  const explicitTargets = /* @__PURE__ */ new Set();
  const targetsByFolder = /* @__PURE__ */ new Map();
  const folderTargets = /* @__PURE__ */ new Map();
  const ignored = new Set((options.ignore ?? []).map((p) => path10.resolve(cwd, p)));
  const seen = /* @__PURE__ */ new Set();
  const walkedDirectories = /* @__PURE__ */ new Map();
  let stdinAdded = false;
  if (paths.length === 0) throw new UsageError("no manifests given: pass files, directories or globs (or - for stdin)");
  const addTarget = async (target, explicit) => {
    const key = await realpath2(target.folder).catch(() => target.folder);
    let known = targetsByFolder.get(key);
    if (!known) {
      known = target;
      targetsByFolder.set(key, target);
      targets.push(target);
    }
    if (explicit) explicitTargets.add(known);
    return known;
  };
  const addFile = async (absolutePath, explicit) => {
    if (!explicit && ignored.has(absolutePath)) return;
    const key = await realpath2(absolutePath).catch(() => absolutePath);
    if (seen.has(key)) return;
    seen.add(key);
    inputs.push({ file: displayPath(cwd, absolutePath), absolutePath, explicit });
  };
  const addProblem = (absolutePath, reason) => {
    const file = displayPath(cwd, absolutePath);
    problems.push({ file, line: 1, column: 1, message: `cannot read ${file}: ${reason}; fix or remove it` });
  };
  const addRegularFile = async (absolutePath, kind) => {
    if (kind.isFile()) await addFile(absolutePath, false);
    else addProblem(absolutePath, `${describeSpecialFile(kind)}, not a regular file`);
  };
  const walk = async (directory, top = false, targetsOnly = false) => {
    let real;
    let entries;
    try {
      real = await realpath2(directory);
      const known = walkedDirectories.get(real);
      if (known !== void 0) return known;
      entries = await readdir(directory, { withFileTypes: true });
    } catch (error) {
      if (top) throw error;
      addProblem(directory, await explainUnreadable(directory, error));
      return 1;
    }
    walkedDirectories.set(real, 0);
    let found = 0;
    entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    const marker = targetMarker(entries.filter((e) => !e.isDirectory()).map((e) => e.name));
    if (marker) {
      await addTarget(makeTarget(cwd, directory, marker.tool, marker.marker), top);
      found++;
      if (marker.tool === "helm") {
        walkedDirectories.set(real, found);
        return found;
      }
      targetsOnly = true;
    }
    for (const entry of entries) {
      const full = path10.join(directory, entry.name);
      if (entry.isDirectory()) {
        if (!isSkippedDirectory(entry.name)) found += await walk(full, false, targetsOnly);
      } else if (targetsOnly) {
        if (entry.isSymbolicLink() && await stat2(full).then(
          (t) => t.isDirectory(),
          () => false
        )) {
          if (!isSkippedDirectory(entry.name)) found += await walk(full, false, true);
        }
      } else if (entry.isSymbolicLink()) {
        let target;
        try {
          target = await stat2(full);
        } catch (error) {
          if (MANIFEST_EXTENSION.test(entry.name)) {
            addProblem(full, await explainUnreadable(full, error));
            found++;
          }
          continue;
        }
        if (target.isDirectory()) {
          if (!isSkippedDirectory(entry.name)) found += await walk(full, false, targetsOnly);
        } else if (MANIFEST_EXTENSION.test(entry.name)) {
          await addRegularFile(full, target);
          found++;
        }
      } else if (MANIFEST_EXTENSION.test(entry.name)) {
        await addRegularFile(full, entry);
        found++;
      }
    }
    walkedDirectories.set(real, found);
    return found;
  };
  for (const given of paths) {
    if (given === "-") {
      if (options.stdin === void 0) {
        throw new UsageError('"-" reads manifests from standard input, but no standard input was given');
      }
      if (!stdinAdded) inputs.push({ file: STDIN_FILE, absolutePath: void 0, explicit: true, text: options.stdin });
      stdinAdded = true;
      continue;
    }
    const absolutePath = path10.resolve(cwd, given);
    let stats;
    let found = 1;
    try {
      stats = await stat2(absolutePath);
    } catch (error) {
      const code = error?.code;
      if (code === "ENOENT" && GLOB_CHARACTERS.test(given)) {
        await expandGlob(given);
        continue;
      }
      const reason = await explainUnreadable(absolutePath, error);
      if (code === "ENOENT" && reason === "no such file or directory") {
        throw new UsageError(`manifest path not found: ${given}`, { cause: error });
      }
      throw new UsageError(`cannot read ${given}: ${reason}`, { cause: error });
    }
    try {
      const own = stats.isDirectory() ? await folderTarget(cwd, absolutePath) : void 0;
      const owner = own ?? await owningTarget(cwd, absolutePath, { inKustomize: false, cache: folderTargets });
      if (own?.tool === "kustomize") found = await walk(absolutePath, true);
      else if (owner) await addTarget(owner, true);
      else if (stats.isDirectory()) found = await walk(absolutePath, true);
      else await addFile(absolutePath, true);
    } catch (error) {
      throw new UsageError(`cannot read ${given}: ${describeFsError(error)}`, { cause: error });
    }
    if (found === 0) {
      throw new UsageError(`no manifest files (.yaml, .yml, .json), Kustomize folders or Helm charts in ${given}`);
    }
  }
  return { inputs, problems, targets, explicitTargets };
  async function expandGlob(pattern) {
    const matches = [];
    try {
      for await (const match of glob(pattern, { cwd })) {
        if (match.split(/[\\/]/).includes("node_modules") && !pattern.includes("node_modules")) continue;
        matches.push(match);
      }
    } catch (error) {
      throw new UsageError(`cannot expand glob ${pattern}: ${describeFsError(error)}`, { cause: error });
    }
    matches.sort();
    const before = inputs.length + problems.length;
    let matchedAnything = false;
    for (const match of matches) {
      const full = path10.resolve(cwd, match);
      let target;
      try {
        target = await stat2(full);
      } catch (error) {
        if (MANIFEST_EXTENSION.test(match)) addProblem(full, await explainUnreadable(full, error));
        continue;
      }
      if (target.isDirectory()) {
        await walk(full);
        matchedAnything = true;
      } else if (MANIFEST_EXTENSION.test(match) || isMarkerName(match)) {
        const owner = await owningTarget(cwd, full, { inKustomize: true, cache: folderTargets });
        if (owner) await addTarget(owner, false);
        else if (MANIFEST_EXTENSION.test(match)) await addRegularFile(full, target);
        else continue;
        matchedAnything = true;
      }
    }
    if (!matchedAnything && inputs.length + problems.length === before) {
      throw new UsageError(`no manifest files (.yaml, .yml, .json), Kustomize folders or Helm charts match ${pattern}`);
    }
  }
}
function describeSpecialFile(kind) {
  if (kind.isFIFO()) return "a named pipe";
  if (kind.isSocket()) return "a socket";
  if (kind.isCharacterDevice() || kind.isBlockDevice()) return "a device";
  return "an entry of unknown type";
}
function isMarkerName(match) {
  return path10.basename(match) === "Kustomization";
}
function isSkippedDirectory(name) {
  return name.startsWith(".") || name === "node_modules";
}

// src/load/index.ts
var import_yaml8 = __toESM(require_dist(), 1);
var MAX_FILE_BYTES = 64 * 1024 * 1024;
var DEFAULT_RENDER_SETTINGS = {
  kubectl: "kubectl",
  helm: "helm",
  helmValues: [],
  helmSet: []
};
async function loadManifests(paths, options) {
  const cwd = path11.resolve(options.cwd);
  const found = await findManifestFiles(paths, { ...options, cwd });
  const result = {
    objects: [],
    problems: [...found.problems],
    duplicateKeys: [],
    files: [],
    sources: [],
    rendered: [],
    usedTargets: [],
    renders: [],
    renderFailures: [],
    skipped: []
  };
  for (const input of found.inputs) {
    let bytes;
    if (input.text === void 0 && input.absolutePath !== void 0) {
      const read = await readManifestBytes(input.absolutePath, input.file);
      if ("problem" in read) {
        if (input.explicit) throw new UsageError(read.problem.message);
        result.files.push(input.file);
        result.problems.push(read.problem);
        continue;
      }
      bytes = read.bytes;
    }
    const parsed = parseManifest({ file: input.file, absolutePath: input.absolutePath, bytes, text: input.text });
    if (!input.explicit && !isKubernetesFile(parsed)) {
      result.skipped.push(input.file);
      continue;
    }
    result.files.push(input.file);
    result.sources.push(parsed.source);
    result.objects.push(...parsed.objects);
    result.problems.push(...parsed.problems);
    result.duplicateKeys.push(...parsed.duplicateKeys);
  }
  if (found.targets.length === 0 && result.files.length === 0 && result.skipped.length > 0) {
    const shown = result.skipped.slice(0, 3).join(", ") + (result.skipped.length > 3 ? ", …" : "");
    throw new UsageError(
      `no Kubernetes manifests in ${paths.join(", ")}: ${result.skipped.length === 1 ? "the file found holds" : `the ${result.skipped.length} files found hold`} no document with a kind (${shown})`
    );
  }
  const { render, used } = await selectTargets(found.targets, found.explicitTargets);
  const charts = render.filter((target) => target.tool === "helm");
  const helmInputs = options.helm && bindHelmInputs(charts, options.helm, cwd);
  if (found.targets.length === 0) return result;
  result.usedTargets = used;
  const settings = options.render?.settings ?? DEFAULT_RENDER_SETTINGS;
  const { results: renders, failures } = await renderTargets(render, {
    cwd,
    settings,
    run: options.render?.run ?? boundedRenderRunner,
    ...helmInputs ? {
      settingsFor: (target) => {
        const own = helmInputs.get(target);
        return own ? { ...settings, helmValues: own.valuesFiles, helmSet: own.set } : settings;
      }
    } : {}
  });
  for (const failure of failures) {
    result.files.push(failure.target.file);
    result.renderFailures.push(await renderFailureProblem(failure, cwd));
  }
  for (const rendered of renders) {
    const { target } = rendered;
    const parsed = parseManifest({ file: target.file, absolutePath: void 0, text: rendered.text });
    for (const object of parsed.objects) object.rendered = { result: rendered };
    result.renders.push(rendered);
    result.files.push(target.file);
    result.objects.push(...parsed.objects);
    result.problems.push(...parsed.problems.map((problem) => placeRenderedProblem(problem, rendered)));
    result.duplicateKeys.push(...parsed.duplicateKeys.map((problem) => placeRenderedProblem(problem, rendered)));
    result.rendered.push({
      tool: target.tool,
      target: target.name,
      objects: parsed.objects.length,
      durationMs: rendered.durationMs
    });
  }
  return result;
}
var KUBERNETES_KEY = /^(?:["']?)(?:kind|apiVersion)(?:["']?)\s*:|"(?:kind|apiVersion)"\s*:/m;
function isKubernetesFile(parsed) {
  if (parsed.objects.length > 0) return true;
  if (parsed.problems.length === 0) return true;
  const { documents, text } = parsed.source;
  if (documents.length === 0) return true;
  for (const doc of documents) {
    if (doc.errors.length > 0) {
      if (KUBERNETES_KEY.test(text)) return true;
      continue;
    }
    const contents = doc.contents;
    if ((0, import_yaml8.isMap)(contents) && contents.items.some((pair) => (0, import_yaml8.isScalar)(pair.key) && pair.key.value === "kind")) return true;
  }
  return false;
}
function placeRenderedProblem(problem, rendered) {
  const { target } = rendered;
  const source = rendered.locateText?.(problem.line, problem.column);
  const where = `line ${problem.line} of the ${target.tool} output for ${target.name}`;
  if (source) {
    const { file, line, column, endLine, endColumn } = source;
    return { file, line, column, endLine, endColumn, message: `${problem.message} (${where})` };
  }
  return { file: target.file, line: 1, column: 1, message: `${problem.message} (${where})` };
}
async function readManifestBytes(absolutePath, file) {
  const tooLarge = (size) => ({
    problem: {
      file,
      line: 1,
      column: 1,
      message: `${file} is ${size}, larger than any manifest (limit ${MAX_FILE_BYTES / 1024 / 1024} MB): remove it from the manifest paths`
    }
  });
  try {
    const info = await stat3(absolutePath);
    if (info.size > MAX_FILE_BYTES) return tooLarge(`${(info.size / 1024 / 1024).toFixed(0)} MB`);
    if (info.isFile()) return { bytes: await readFile4(absolutePath) };
    const bytes = await readUpTo(absolutePath, MAX_FILE_BYTES);
    return bytes ? { bytes } : tooLarge(`more than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
  } catch (error) {
    const reason = await explainUnreadable(absolutePath, error);
    return { problem: { file, line: 1, column: 1, message: `cannot read ${file}: ${reason}` } };
  }
}
async function readUpTo(absolutePath, limit) {
  const handle = await open(absolutePath, "r");
  try {
    const chunks = [];
    let total = 0;
    for (; ; ) {
      const chunk = Buffer.allocUnsafe(1024 * 1024);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) return Buffer.concat(chunks, total);
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > limit) return void 0;
    }
  } finally {
    await handle.close();
  }
}

export {
  bindHelmInputs,
  valuesArgs,
  helmOptionsFor,
  owningTarget,
  renderSettings,
  STDIN_FILE,
  findManifestFiles,
  MAX_FILE_BYTES,
  DEFAULT_RENDER_SETTINGS,
  loadManifests,
  isKubernetesFile
};
