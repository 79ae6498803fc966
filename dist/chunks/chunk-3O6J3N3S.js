import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  helmValuesFiles
} from "./chunk-FS3KP6GF.js";
import {
  SINGLETON_LABEL,
  SINGLETON_LABEL_VALUE,
  describeObject,
  lintLoaded,
  renderedOf,
  writeFixes
} from "./chunk-POD4IQUE.js";
import {
  loadManifests,
  owningTarget,
  renderSettings
} from "./chunk-5UVUKKCN.js";

// src/load/options.ts
function loadOptions(settings, stdin) {
  return {
    cwd: settings.cwd,
    ...stdin === void 0 ? {} : { stdin },
    render: { settings: renderSettings(settings) },
    helm: { values: settings.helmValues, set: settings.helmSet },
    // A values file is an input of a chart, never a manifest, even when a folder holding it is linted.
    ignore: helmValuesFiles({ values: settings.helmValues, set: [] })
  };
}

// src/modes/lint.ts
function runLint(settings, stdin) {
  return lintManifests({
    ...loadOptions(settings, stdin),
    paths: settings.manifests,
    workloads: settings.workloads,
    fix: settings.fix,
    policy: settings.policy
  });
}
function lintResultOf(loaded, linted, extra = {}) {
  return {
    findings: linted.findings,
    workloads: linted.workloads,
    files: loaded.files,
    fixed: extra.fixed ?? [],
    ...extra.notFixed && extra.notFixed.length > 0 ? { notFixed: extra.notFixed } : {},
    ...linted.notices.length > 0 ? { notices: linted.notices } : {},
    ...extra.rendered === false ? {} : renderedOf(loaded)
  };
}
async function lintManifests(options) {
  const { paths, workloads, fix, policy, ...loadOptions2 } = options;
  const load = () => loadManifests(paths, loadOptions2);
  const loaded = await load();
  const inKustomize = await kustomizeFoldersOf(loaded, loadOptions2.cwd);
  const ruleOptions = { ...policy ? { policy: true } : {}, inKustomize };
  const first = lintLoaded(loaded, workloads, ruleOptions);
  let fixed = [];
  let notFixed = [];
  if (fix && first.fixes.length > 0) {
    fixed = await writeFixes(loaded.sources, first.fixes);
    notFixed = leftAlone(loaded, first.fixes, fixed);
  }
  if (options.fix) notFixed.push(...scalableLeftAlone(first), ...fixableLeftAlone(first));
  if (fixed.length === 0) return lintResultOf(loaded, first, { fixed, notFixed });
  const reloaded = await load();
  const second = lintLoaded(reloaded, workloads, ruleOptions);
  return lintResultOf(reloaded, { ...second, notices: first.notices }, { fixed, notFixed });
}
async function kustomizeFoldersOf(loaded, cwd) {
  const found = /* @__PURE__ */ new Map();
  const cache = /* @__PURE__ */ new Map();
  for (const source of loaded.sources) {
    if (source.absolutePath === void 0) continue;
    const owner = await owningTarget(cwd, source.absolutePath, { inKustomize: true, cache });
    if (owner?.tool === "kustomize") found.set(source.file, owner.file);
  }
  return found;
}
function scalableLeftAlone(lint) {
  const byFile = /* @__PURE__ */ new Map();
  for (const { object, reasons } of lint.scalable) {
    const file = object.rendered ? object.rendered.result.target.file : object.file;
    const list = byFile.get(file) ?? [];
    const entry = `${describeObject(object)} (${reasons.join(", ")})`;
    if (!list.includes(entry)) list.push(entry);
    byFile.set(file, list);
  }
  return [...byFile].map(([file, names]) => ({
    file,
    reason: `${names.join(", ")} ${names.length === 1 ? "looks" : "look"} scalable: label the singletons ${SINGLETON_LABEL}: "${SINGLETON_LABEL_VALUE}" (or name them with --workload) and --fix changes those`
  }));
}
function fixableLeftAlone(lint) {
  const entries = lint.leftAlone.map(({ object, reason }) => ({
    file: object.rendered ? object.rendered.result.target.file : object.file,
    reason
  }));
  return entries.filter((e, i) => entries.findIndex((o) => o.file === e.file && o.reason === e.reason) === i);
}
function leftAlone(loaded, fixes, fixed) {
  const sources = new Map(loaded.sources.map((s) => [s.file, s]));
  for (const fix of fixes) if (fix.at) sources.set(fix.at.source.file, fix.at.source);
  const duplicates = new Set(loaded.duplicateKeys.map((p) => p.file));
  const files = [...new Set(fixes.map((fix) => fix.at ? fix.at.source.file : fix.object.file))];
  return files.filter((file) => !fixed.includes(file) && sources.get(file)?.hasProblems === true).map((file) => ({
    file,
    reason: duplicates.has(file) ? "it has duplicate keys (an edit could land on the copy kubectl ignores); remove them and run --fix again" : "it has syntax problems (see manifest-syntax); correct them and run --fix again"
  }));
}

export {
  loadOptions,
  runLint,
  lintResultOf,
  lintManifests
};
