import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  UsageError
} from "./chunk-INP75EDD.js";

// src/workload.ts
var WORKLOAD_KINDS = ["Deployment", "StatefulSet", "CronJob"];
var KIND_ALIASES = {
  deployment: "Deployment",
  deployments: "Deployment",
  deploy: "Deployment",
  "deployment.apps": "Deployment",
  "deployments.apps": "Deployment",
  statefulset: "StatefulSet",
  statefulsets: "StatefulSet",
  sts: "StatefulSet",
  "statefulset.apps": "StatefulSet",
  "statefulsets.apps": "StatefulSet",
  cronjob: "CronJob",
  cronjobs: "CronJob",
  cj: "CronJob",
  "cronjob.batch": "CronJob",
  "cronjobs.batch": "CronJob"
};
function parseWorkloadRef(text) {
  const parts = text.trim().split("/");
  const [namespace, kindText, name] = parts.length === 3 ? parts : [void 0, parts[0], parts[1]];
  const kind = KIND_ALIASES[(kindText ?? "").toLowerCase()];
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
  WORKLOAD_KINDS,
  parseWorkloadRef,
  formatWorkloadRef
};
