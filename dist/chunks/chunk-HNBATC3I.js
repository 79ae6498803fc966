import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  explainUnreadable,
  findManifestFiles,
  parseManifest,
  renderFailureProblem,
  renderTargets,
  require_dist,
  runProcess,
  selectTargets
} from "./chunk-JNSBQZXF.js";
import {
  bindHelmInputs
} from "./chunk-ZMFZ5UYT.js";
import {
  UsageError,
  __toESM
} from "./chunk-INP75EDD.js";

// src/manifests/index.ts
import { open, readFile, stat } from "node:fs/promises";
import path from "node:path";
var import_yaml = __toESM(require_dist(), 1);
var MAX_FILE_BYTES = 64 * 1024 * 1024;
var DEFAULT_RENDER_SETTINGS = {
  kubectl: "kubectl",
  helm: "helm",
  helmValues: [],
  helmSet: []
};
async function loadManifests(paths, options) {
  const cwd = path.resolve(options.cwd);
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
    run: options.render?.run ?? runProcess,
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
    if ((0, import_yaml.isMap)(contents) && contents.items.some((pair) => (0, import_yaml.isScalar)(pair.key) && pair.key.value === "kind")) return true;
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
    const info = await stat(absolutePath);
    if (info.size > MAX_FILE_BYTES) return tooLarge(`${(info.size / 1024 / 1024).toFixed(0)} MB`);
    if (info.isFile()) return { bytes: await readFile(absolutePath) };
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
  MAX_FILE_BYTES,
  DEFAULT_RENDER_SETTINGS,
  loadManifests,
  isKubernetesFile
};
