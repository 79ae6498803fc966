import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  UsageError
} from "./chunk-YKGEZ3GL.js";

// src/core/workloads.ts
var WORKLOAD_KIND_TABLE = [
  {
    kind: "Deployment",
    groups: ["apps", "extensions"],
    plural: "deployments",
    revisionLabel: "pod-template-hash",
    shortNames: ["deploy"]
  },
  {
    kind: "StatefulSet",
    groups: ["apps"],
    plural: "statefulsets",
    revisionLabel: "controller-revision-hash",
    shortNames: ["sts"]
  },
  { kind: "CronJob", groups: ["batch"], plural: "cronjobs", revisionLabel: "controller-uid", shortNames: ["cj"] }
];
function workloadKind(kind) {
  return WORKLOAD_KIND_TABLE.find((k) => k.kind === kind);
}
function findWorkloadKind(kind) {
  return WORKLOAD_KIND_TABLE.find((k) => k.kind === kind);
}
var KIND_ALIASES = new Map(
  WORKLOAD_KIND_TABLE.flatMap((k) => {
    const singular = k.kind.toLowerCase();
    const group = k.groups[0];
    return [singular, k.plural, ...k.shortNames, `${singular}.${group}`, `${k.plural}.${group}`].map(
      (alias) => [alias, k.kind]
    );
  })
);
function parseWorkloadRef(text) {
  const parts = text.trim().split("/");
  const [namespace, kindText, name] = parts.length === 3 ? parts : [void 0, parts[0], parts[1]];
  const kind = KIND_ALIASES.get((kindText ?? "").toLowerCase());
  if (parts.length < 2 || parts.length > 3 || !kind || !name) {
    throw new UsageError(
      `invalid workload "${text}": expected kind/name as kubectl writes it, e.g. deployment/quiz-bot (kinds: deployment, statefulset, cronjob)`
    );
  }
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)) {
    throw new UsageError(`invalid workload "${text}": "${name}" is not a valid Kubernetes object name`);
  }
  return namespace ? { kind, name, namespace } : { kind, name };
}
function formatWorkloadRef(ref) {
  const base = `${ref.kind.toLowerCase()}/${ref.name}`;
  return ref.namespace ? `${base} in ${ref.namespace}` : base;
}

export {
  WORKLOAD_KIND_TABLE,
  workloadKind,
  findWorkloadKind,
  parseWorkloadRef,
  formatWorkloadRef
};
