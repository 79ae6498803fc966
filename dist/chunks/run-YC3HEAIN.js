import { createRequire as __singletonGuardCreateRequire } from 'node:module';
const require = __singletonGuardCreateRequire(import.meta.url);
import {
  CAUSE_ADVICE,
  describeCounts,
  worstCause
} from "./chunk-VZDRTJ4G.js";
import {
  resolveKubeconfig
} from "./chunk-B7LXSASI.js";
import {
  lintResultOf,
  loadOptions
} from "./chunk-3O6J3N3S.js";
import "./chunk-FS3KP6GF.js";
import {
  lintLoaded,
  selectSingletons
} from "./chunk-POD4IQUE.js";
import "./chunk-LLMA47TN.js";
import {
  bindHelmInputs,
  helmOptionsFor,
  valuesArgs
} from "./chunk-5UVUKKCN.js";
import {
  asRecord
} from "./chunk-LXO2NNKM.js";
import {
  createRedactor,
  redactSecrets
} from "./chunk-5CGEQP3A.js";
import {
  spawnCommand
} from "./chunk-R7ZXQMYH.js";
import {
  formatDuration
} from "./chunk-VPAAXXJH.js";
import {
  ClusterError,
  isTransient
} from "./chunk-GGKZYJQ5.js";
import {
  formatWorkloadRef,
  workloadKind
} from "./chunk-N4O3BEYJ.js";
import {
  RunFailure,
  UsageError,
  errorMessage
} from "./chunk-YKGEZ3GL.js";
import "./chunk-KCCIMXW4.js";

// src/guard/clock.ts
var systemClock = {
  now: () => Date.now(),
  sleep: (ms, signal) => new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener("abort", done, { once: true });
  })
};
function backoffMs(attempt) {
  return Math.min(5e3, 250 * 2 ** Math.max(0, attempt - 1));
}
async function retryTransient(fn, clock, deadline) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isTransient(error) || clock.now() + backoffMs(attempt) > deadline) throw error;
      await clock.sleep(backoffMs(attempt));
    }
  }
}

// src/kube/cluster.ts
function formatAccess(check) {
  const resource = check.group && check.group !== "apps" && check.group !== "" ? `${check.resource}.${check.group}` : check.resource;
  return `${check.verb} on ${resource} in ${check.namespace}`;
}

// src/guard/access.ts
function requiredAccess(targets, settings) {
  const checks = /* @__PURE__ */ new Map();
  const add = (verb, resource, group, namespace, name) => {
    const key = `${verb} ${group} ${resource} ${namespace} ${name ?? ""}`;
    checks.set(key, { verb, resource, group, namespace, ...name ? { name } : {} });
  };
  const repair = settings.mode === "remediate" || settings.remediate;
  for (const t of targets) {
    const ns = t.namespace;
    const { plural: resource, groups } = workloadKind(t.kind);
    const group = groups[0];
    add("get", resource, group, ns, t.name);
    if (t.kind === "CronJob") continue;
    add("list", "pods", "", ns);
    add("get", "pods/log", "", ns);
    if (t.kind === "Deployment") add("list", "replicasets", "apps", ns);
    if (settings.mode === "deploy") {
      if (settings.deployCommand === void 0) add("patch", resource, group, ns, t.name);
      add("watch", "pods", "", ns);
      add("list", "events", "", ns);
      add("list", "horizontalpodautoscalers", "autoscaling", ns);
    }
    if (settings.mode === "drill") {
      add("watch", "pods", "", ns);
      if (settings.drillAction === "delete") add("delete", "pods", "", ns);
      else add("create", "pods/eviction", "", ns);
    }
    if (settings.mode === "deploy" && settings.rollbackOnFailure) {
      add("patch", resource, group, ns, t.name);
      if (t.kind === "StatefulSet") {
        add("get", "controllerrevisions", "apps", ns);
        add("delete", "pods", "", ns);
      }
    }
    if (repair) {
      add("watch", "pods", "", ns);
      add("delete", "pods", "", ns);
      add("patch", "pods", "", ns);
      add("patch", `${resource}/scale`, group, ns, t.name);
    }
  }
  return [...checks.values()];
}
async function ensureAccess(cluster, checks, clock, withinMs = 5e3) {
  if (checks.length === 0) return;
  let denied;
  try {
    denied = await retryTransient(() => cluster.deniedAccess(checks), clock, clock.now() + withinMs);
  } catch (error) {
    if (error instanceof ClusterError && ["unreachable", "tls", "unauthorized", "config"].includes(error.kind))
      throw error;
    return;
  }
  if (denied.length === 0) return;
  throw new ClusterError(
    "forbidden",
    `needs ${denied.map(formatAccess).join(", ")}: grant ${denied.length === 1 ? "it" : "them"} in the guard's Role (see docs/rbac.yaml)`
  );
}

// src/core/cut-line.ts
var PROGRESS_LINE_WIDTH = 120;
function cutLine(text, width = PROGRESS_LINE_WIDTH, keep) {
  const chars = [...text];
  if (chars.length <= width) return text;
  const match = keep ? new RegExp(keep.source, keep.flags.replace("g", "")).exec(text) : null;
  const at = match ? [...text.slice(0, match.index)].length : 0;
  let start = at + (match?.[0].length ?? 0) > width - 1 ? Math.max(0, at - Math.floor(width / 4)) : 0;
  start = Math.min(start, chars.length - (width - 1));
  const room = width - (start > 0 ? 1 : 0);
  const end = chars.length - start <= room ? chars.length : start + room - 1;
  return `${start > 0 ? "…" : ""}${chars.slice(start, end).join("")}${end < chars.length ? "…" : ""}`;
}

// src/guard/workload-report.ts
function emptyReport(target) {
  return {
    workload: { kind: target.kind, name: target.name, namespace: target.namespace },
    verdict: "passed",
    maxConcurrentPods: 0,
    restarts: 0,
    conflicts: [],
    timeline: [],
    changes: []
  };
}
function describeTarget(target) {
  return formatWorkloadRef(target);
}
var CONFLICT_WORDS = /409|conflict/i;
function describeConflict(match, quoted = true) {
  const where = `pod ${match.pod} (container ${match.container}${match.source === "current" ? "" : `, ${match.source === "previous" ? "previous container" : "ended pod"}`})`;
  if (match.cause) {
    const label = match.cause === "handover" ? "Telegram's handover (forgiven)" : `${match.cause} conflict`;
    const line = quoted ? `: "${match.line}"` : match.at !== void 0 ? ` at ${new Date(match.at).toISOString()}` : "";
    return `${label} in ${where}${line} — ${match.why ? `${match.why}; ` : ""}${CAUSE_ADVICE[match.cause]}`;
  }
  if (match.kind === "webhook") {
    return `webhook conflict in ${where}: "${match.line}" — a webhook is set for this bot token; call deleteWebhook (or stop the webhook service) instead of deleting pods`;
  }
  if (match.kind === "getUpdates") {
    return `conflict in ${where}: "${match.line}" — another instance polls with the same bot token (a second pod, or a copy outside this cluster such as a laptop or another cluster)`;
  }
  return `conflict pattern matched in ${where}: "${match.line}"`;
}
function describeConflictSeen(match) {
  const where = `${match.pod}/${match.container}${match.source === "current" ? "" : ` (${match.source === "previous" ? "previous container" : "ended pod"})`}`;
  return `conflict line in ${where}${match.at !== void 0 ? ` at ${new Date(match.at).toISOString()}` : ""}: "${cutLine(match.line, PROGRESS_LINE_WIDTH, CONFLICT_WORDS)}" (judged when the watch ends)`;
}
function fail(report, reason, verdict = "failed") {
  if (report.verdict === "passed") report.verdict = verdict;
  report.reason = report.reason ? `${report.reason}; ${reason}` : reason;
}

// src/guard/rollout/tracker.ts
var FAST_FAILURE_REASONS = [
  "ImagePullBackOff",
  "ErrImagePull",
  "CrashLoopBackOff",
  "CreateContainerConfigError",
  "InvalidImageName"
];
var UNSCHEDULABLE = "Unschedulable";
var ORDINARY_WAITING = /* @__PURE__ */ new Set(["ContainerCreating", "PodInitializing"]);
function describePodState(pod) {
  let state;
  const waiting = waitingContainer(pod);
  if (pod.deletionTimestamp) {
    state = "Terminating";
  } else if (pod.unschedulableMessage) {
    state = "Pending, Unschedulable";
  } else if (pod.phase === "Pending") {
    state = waiting ? waitingLabel(pod, waiting) : "Pending";
  } else if (pod.phase === "Running") {
    state = pod.ready ? "Running, Ready" : `Running, not Ready${waiting ? ` (${waitingLabel(pod, waiting)})` : ""}`;
  } else {
    state = pod.phase || "Unknown";
  }
  const restarts = containerRestarts(pod);
  return restarts > 0 ? `${state}, ${restarts} restart${restarts === 1 ? "" : "s"}` : state;
}
function waitingLabel(pod, c) {
  return pod.initContainers.includes(c) ? `Init:${c.waitingReason}` : c.waitingReason;
}
function waitingContainer(pod) {
  return [...pod.initContainers, ...pod.containers].find((c) => c.waitingReason);
}
function containerRestarts(pod) {
  return pod.containers.reduce((sum, c) => sum + c.restartCount, 0);
}
function isLive(pod) {
  return Boolean(pod.deletionTimestamp) || pod.phase !== "Succeeded" && pod.phase !== "Failed";
}
function isRunningReady(pod) {
  return pod.phase === "Running" && pod.ready && !pod.deletionTimestamp;
}
function remember(pod) {
  const waiting = waitingContainer(pod)?.waitingReason;
  return {
    state: describePodState(pod),
    running: pod.phase === "Running",
    ready: pod.ready && !pod.deletionTimestamp,
    terminating: Boolean(pod.deletionTimestamp),
    unschedulable: Boolean(pod.unschedulableMessage),
    ...waiting ? { waitingReason: waiting } : {},
    restarts: containerRestarts(pod),
    phase: pod.phase
  };
}
var UNBORN = {
  state: "",
  running: false,
  ready: false,
  terminating: false,
  unschedulable: false,
  restarts: 0,
  phase: "Pending"
};
function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
var RolloutTracker = class {
  target;
  /** Pods that exist now, by uid (a StatefulSet reuses names). */
  pods = /* @__PURE__ */ new Map();
  /** Pods deleted during the rollout: later events about them are stale. */
  deleted = /* @__PURE__ */ new Set();
  /** Latest info of every pod ever seen, by name, in first-seen order. */
  seen = /* @__PURE__ */ new Map();
  memory = /* @__PURE__ */ new Map();
  progress = [];
  entries = [];
  synced = false;
  max = 0;
  lastNow;
  current;
  constructor(target) {
    this.target = { ...target };
    this.lastNow = target.startedAt;
    this.current = this.evaluate();
  }
  /** Most pods existing at once so far (Terminating included). */
  get maxConcurrentPods() {
    return this.max;
  }
  /** The current revision became known, changed or (after an apply) unknown again: re-judge the known pods. */
  setRevision(revision) {
    if (revision === void 0) delete this.target.revision;
    else this.target.revision = revision;
    this.current = this.evaluate();
  }
  /**
   * A (re)list: replaces the whole known set (pods not in the list are gone) and returns the status. Repeating
   * what is already known (the same resourceVersion) changes nothing. Like client-go's informer, the list is the
   * truth: resourceVersions are opaque and never ordered; the pod watch drops events of a watch that has ended, so
   * nothing older than the list follows it.
   */
  reset(pods, now) {
    this.lastNow = now;
    const listed = new Map(pods.map((p) => [keyOf(p), p]));
    for (const [key, pod] of [...this.pods]) {
      if (!listed.has(key)) this.remove(key, pod, now);
    }
    for (const [key, pod] of listed) {
      this.deleted.delete(key);
      const known = this.pods.get(key);
      if (!known || pod.resourceVersion !== known.resourceVersion) this.upsert(key, pod, now);
    }
    this.synced = true;
    return this.settle();
  }
  /**
   * One watch event of the current watch. A repeated event changes nothing: one whose resourceVersion equals the
   * pod's last seen one is a duplicate, and one about a pod already deleted (its uid never comes back) is ignored; a
   * MODIFIED for an unknown pod is an add; a DELETED for an unknown pod is ignored. resourceVersions are compared
   * for equality only (they are opaque).
   */
  observe(event, now) {
    this.lastNow = now;
    const pod = event.pod;
    const key = keyOf(pod);
    if (this.deleted.has(key)) return this.current;
    const known = this.pods.get(key);
    if (event.type === "DELETED") {
      if (known) this.remove(key, pod, now);
    } else if (!known || pod.resourceVersion !== known.resourceVersion) {
      for (const [otherKey, other] of [...this.pods]) {
        if (otherKey !== key && other.name === pod.name) this.remove(otherKey, other, now);
      }
      this.upsert(key, pod, now);
    }
    this.synced = true;
    return this.settle();
  }
  /** The status after everything seen so far. */
  status() {
    return this.current;
  }
  /** Every pod ever seen (latest known info of each, deleted ones included), for reading their logs. */
  seenPods() {
    return [...this.seen.values()];
  }
  /** Progress lines such as "quiz-bot-7d9f8c6b5-x2x7q Running, Ready", one per state change; drains them. */
  takeProgress() {
    return this.progress.splice(0);
  }
  /** The rollout's story so far, for the job summary. */
  timeline() {
    return this.entries.map((e) => ({ ...e }));
  }
  /**
   * One line per pod known now (state, revision, node, age, why it waits), for the timeout message. `now` defaults
   * to the time of the last list or event; at a timeout, pass the current time (ages and grace periods moved on).
   */
  describePods(now = this.lastNow) {
    const pods = [...this.pods.values()];
    if (pods.length === 0) return ["no pod of the workload exists"];
    return pods.map((pod) => this.describePod(pod, now));
  }
  /** Restarts of the current pod's containers (the Ready pod, else the newest pod of the current revision). */
  restarts() {
    const pod = this.current.status === "ready" ? this.current.pod : this.newestCurrentPod();
    return pod ? containerRestarts(pod) : 0;
  }
  isCurrent(pod) {
    return this.target.revision !== void 0 && pod.labels[this.target.revisionLabel] === this.target.revision;
  }
  newestCurrentPod() {
    return [...this.pods.values()].filter((p) => !p.deletionTimestamp && this.isCurrent(p)).sort((a, b) => byCreation(b, a))[0];
  }
  settle() {
    const live = [...this.pods.values()].filter(isLive).length;
    if (live > this.max) this.max = live;
    this.current = this.evaluate();
    return this.current;
  }
  upsert(key, pod, now) {
    this.pods.set(key, pod);
    this.seen.set(pod.name, pod);
    const before = this.memory.get(key);
    const after = remember(pod);
    this.memory.set(key, after);
    if (!before) {
      if (this.synced) {
        this.record(now, pod.name, "created");
        this.recordTransitions(now, pod.name, UNBORN, after);
      } else {
        this.record(now, pod.name, `present at start (${after.state})`);
      }
      this.progress.push(`${pod.name} ${after.state}`);
      return;
    }
    this.recordTransitions(now, pod.name, before, after);
    if (before.state !== after.state) this.progress.push(`${pod.name} ${after.state}`);
  }
  /** `pod` is the pod's last known state (a DELETED event carries the final one). */
  remove(key, pod, now) {
    this.pods.delete(key);
    this.memory.delete(key);
    this.deleted.add(key);
    this.seen.set(pod.name, pod);
    this.record(now, pod.name, "deleted");
    this.progress.push(`${pod.name} deleted`);
  }
  recordTransitions(now, name, before, after) {
    if (!before.unschedulable && after.unschedulable) this.record(now, name, UNSCHEDULABLE);
    if (after.waitingReason && after.waitingReason !== before.waitingReason && !ORDINARY_WAITING.has(after.waitingReason)) {
      this.record(now, name, after.waitingReason);
    }
    if (!before.running && after.running && !after.terminating) this.record(now, name, "Running");
    if (after.restarts > before.restarts) this.record(now, name, `restarted (${after.restarts})`);
    if (!before.ready && after.ready) this.record(now, name, "Ready");
    if (before.ready && !after.ready && !after.terminating) this.record(now, name, "not Ready");
    if (!before.terminating && after.terminating) this.record(now, name, "Terminating");
    if (before.phase !== after.phase && (after.phase === "Succeeded" || after.phase === "Failed")) {
      this.record(now, name, after.phase);
    }
  }
  record(now, pod, event) {
    this.entries.push({ atMs: Math.max(0, now - this.target.startedAt), pod, event });
  }
  evaluate() {
    const pods = [...this.pods.values()].sort(byCreation);
    const revisionKnown = this.target.revision !== void 0;
    for (const pod of pods) {
      if (pod.deletionTimestamp || revisionKnown && !this.isCurrent(pod)) continue;
      const failure = fastFailure(pod);
      if (failure) return { status: "failed", pod: pod.name, ...failure };
    }
    const live = pods.filter(isLive);
    const only = live[0];
    if (live.length === 1 && only && isRunningReady(only) && this.isCurrent(only)) {
      return { status: "ready", pod: only };
    }
    return { status: "waiting", waitingFor: this.waitingFor(live) };
  }
  waitingFor(live) {
    const revision = this.target.revision;
    const parts = [];
    if (revision === void 0) parts.push("the workload's current revision to be known");
    const current = live.filter((p) => !p.deletionTimestamp && (revision === void 0 || this.isCurrent(p)));
    const others = live.filter((p) => !current.includes(p));
    const newest = current[current.length - 1];
    if (!newest) {
      parts.push(revision === void 0 ? "a pod to be created" : `a pod of revision ${revision} to be created`);
    } else if (current.length > 1) {
      parts.push(
        `${current.length} pods of the ${revision === void 0 ? "workload" : "current revision"} to come down to one (${current.map((p) => `${p.name}, ${describePodState(p)}`).join("; ")})`
      );
    } else if (!isRunningReady(newest)) {
      parts.push(`pod ${newest.name} to become Ready (${describePodState(newest)})`);
    }
    if (others.length > 0) {
      const list = others.map((p) => `${p.name}, ${describePodState(p)}${p.deletionTimestamp || !revision ? "" : ", old revision"}`).join("; ");
      parts.push(`${plural(others.length, "old pod")} to terminate (${list})`);
    }
    return parts.join("; ");
  }
  describePod(pod, now) {
    const facts = [describePodState(pod)];
    const revision = pod.labels[this.target.revisionLabel];
    if (revision !== void 0) {
      const which = this.target.revision === void 0 ? "" : this.isCurrent(pod) ? " (current)" : " (old)";
      facts.push(`revision ${revision}${which}`);
    }
    if (pod.nodeName) facts.push(`node ${pod.nodeName}`);
    const created2 = Date.parse(pod.creationTimestamp);
    if (!Number.isNaN(created2)) facts.push(`age ${formatDuration(Math.max(0, now - created2))}`);
    if (pod.deletionTimestamp) {
      const graceEnds = Date.parse(pod.deletionTimestamp);
      if (!Number.isNaN(graceEnds)) {
        const left = graceEnds - now;
        facts.push(
          left >= 0 ? `grace period ends in ${formatDuration(left)}` : `grace period ended ${formatDuration(-left)} ago (stuck? see force-delete-terminating)`
        );
      }
    }
    if (pod.unschedulableMessage) facts.push(`unschedulable: ${pod.unschedulableMessage}`);
    for (const c of [...pod.initContainers, ...pod.containers]) {
      if (c.waitingReason && (c.waitingMessage || !ORDINARY_WAITING.has(c.waitingReason))) {
        facts.push(`container ${c.name} ${c.waitingReason}${c.waitingMessage ? `: ${c.waitingMessage}` : ""}`);
      }
    }
    return redactSecrets(`${pod.name}: ${facts.join(", ")}`);
  }
};
function keyOf(pod) {
  return pod.uid || `name:${pod.name}`;
}
function byCreation(a, b) {
  const x = Date.parse(a.creationTimestamp);
  const y = Date.parse(b.creationTimestamp);
  if (x !== y && !Number.isNaN(x) && !Number.isNaN(y)) return x - y;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
function fastFailure(pod) {
  for (const c of [...pod.initContainers, ...pod.containers]) {
    if (c.waitingReason && FAST_FAILURE_REASONS.includes(c.waitingReason)) {
      const kind = pod.initContainers.includes(c) ? "init container" : "container";
      const lastExit = c.lastTerminatedReason ? ` (last exit: ${c.lastTerminatedReason})` : "";
      const detail = c.waitingMessage ? `: ${c.waitingMessage}` : ` is waiting: ${c.waitingReason}`;
      return { reason: c.waitingReason, message: redactSecrets(`${kind} ${c.name}${detail}${lastExit}`) };
    }
  }
  if (pod.unschedulableMessage) {
    return { reason: UNSCHEDULABLE, message: redactSecrets(pod.unschedulableMessage) };
  }
  return void 0;
}

// src/guard/rollout/log-scan.ts
var WEBHOOK_CONFLICT = /terminated by (?:setWebhook request|other setWebhook)|can.{0,2}t use getUpdates method while webhook is active/i;
var GETUPDATES_CONFLICT = /terminated by other (?:getUpdates request|long poll or webhook)|TerminatedByOtherGetUpdates/i;
var ESC = String.fromCharCode(27);
var BEL = String.fromCharCode(7);
var ANSI = new RegExp(`${ESC}(?:\\[[0-?]*[ -/]*[@-~]|\\][^${BEL}${ESC}]*(?:${BEL}|${ESC}\\\\)?|[@-Z\\\\-_])`, "g");
function stripAnsi(text) {
  return text.includes(ESC) ? text.replace(ANSI, "") : text;
}
var SHOWN_LINE_LENGTH = 300;
var DEFAULT_MAX_LINE_LENGTH = 64 * 1024;
var OVERLAP = 1024;
var statelessCopies = /* @__PURE__ */ new WeakMap();
function stateless(pattern) {
  if (!pattern.global && !pattern.sticky) return pattern;
  let copy = statelessCopies.get(pattern);
  if (!copy) {
    copy = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ""));
    statelessCopies.set(pattern, copy);
  }
  return copy;
}
function classifyConflict(line, pattern) {
  const clean = stripAnsi(line);
  if (!stateless(pattern).test(clean)) return void 0;
  if (WEBHOOK_CONFLICT.test(clean)) return "webhook";
  if (GETUPDATES_CONFLICT.test(clean)) return "getUpdates";
  return "other";
}
var LOG_TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) ?/;
function splitTimestamp(line) {
  const m = LOG_TIMESTAMP.exec(line);
  if (!m) return { text: line };
  const at = Date.parse(m[1]);
  return Number.isNaN(at) ? { text: line } : { at, text: line.slice(m[0].length) };
}
function createLineScanner(opts) {
  const maxLineLength = Math.max(opts.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH, OVERLAP * 2);
  const redact = opts.redact ?? redactSecrets;
  let pending = "";
  let lineMatched = false;
  let expectMatched = false;
  let lineStart = true;
  let lineAt;
  const judge = (piece, out) => {
    let text = piece;
    if (lineStart) {
      lineStart = false;
      lineAt = void 0;
      if (opts.timestamps) {
        const split = splitTimestamp(text);
        text = split.text;
        lineAt = split.at;
      }
    }
    const clean = stripAnsi(text.endsWith("\r") ? text.slice(0, -1) : text);
    if (opts.expect && !expectMatched && stateless(opts.expect.pattern).test(clean)) {
      expectMatched = true;
      opts.expect.onMatch(lineAt);
    }
    if (lineMatched) return;
    const kind = classifyConflict(clean, opts.pattern);
    if (kind === void 0) return;
    lineMatched = true;
    out.push({
      pod: opts.pod,
      container: opts.container,
      line: shownLine(redact(clean), opts.pattern),
      kind,
      source: opts.source,
      ...lineAt !== void 0 ? { at: lineAt } : {}
    });
  };
  const endLine = () => {
    lineMatched = false;
    expectMatched = false;
    lineStart = true;
  };
  return {
    push(chunk) {
      const out = [];
      pending += chunk;
      let newline = pending.indexOf("\n");
      while (newline >= 0) {
        judge(pending.slice(0, newline), out);
        endLine();
        pending = pending.slice(newline + 1);
        newline = pending.indexOf("\n");
      }
      if (pending.length > maxLineLength) {
        judge(withoutTokenTail(pending), out);
        pending = overlapTail(pending);
      }
      return out;
    },
    flush() {
      const out = [];
      if (pending !== "") judge(pending, out);
      pending = "";
      endLine();
      return out;
    }
  };
}
var TOKEN_CHAR = /[A-Za-z0-9_%:-]/;
function withoutTokenTail(piece) {
  let end = piece.length;
  while (end > 0 && TOKEN_CHAR.test(piece[end - 1])) end--;
  return piece.slice(0, end);
}
function overlapTail(piece) {
  const tail = piece.slice(-OVERLAP);
  const boundary = /[^A-Za-z0-9_%:-]/.exec(tail);
  return boundary ? tail.slice(boundary.index) : "";
}
function scanLogText(text, opts) {
  const scanner = createLineScanner(opts);
  return [...scanner.push(text), ...scanner.flush()];
}
function shownLine(line, pattern) {
  const trimmed = line.trim();
  if (trimmed.length <= SHOWN_LINE_LENGTH) return trimmed;
  const at = stateless(pattern).exec(trimmed)?.index ?? 0;
  const start = Math.max(0, Math.min(at - 80, trimmed.length - SHOWN_LINE_LENGTH));
  const body = trimmed.slice(start, start + SHOWN_LINE_LENGTH);
  return `${start > 0 ? "…" : ""}${body}${start + SHOWN_LINE_LENGTH < trimmed.length ? "…" : ""}`;
}

// src/guard/rollout/pod-logs.ts
var NEVER = /(?!)/;
var MAX_CONFLICTS = 50;
var ENDED_TAIL_LINES = 2e3;
var LogJudge = class {
  options;
  found = [];
  keys = /* @__PURE__ */ new Set();
  pending = /* @__PURE__ */ new Set();
  readPods = /* @__PURE__ */ new Set();
  expectedLines = [];
  follows = /* @__PURE__ */ new Set();
  /** A missing permission (pods/log) that kept the guard from reading logs. */
  fatal;
  constructor(options) {
    this.options = options;
  }
  /** The latest conflict past MAX_CONFLICTS: whether conflicts went on matters to the verdict. */
  latestBeyondCap;
  /** Conflicts found so far, in the order found (past the cap, only the latest one). */
  conflicts() {
    return this.latestBeyondCap ? [...this.found, this.latestBeyondCap] : [...this.found];
  }
  /** Lines that matched expect-log so far. */
  expected() {
    return [...this.expectedLines];
  }
  add(matches) {
    for (const m of matches) {
      const key = `${m.pod}\0${m.container}\0${m.kind}\0${m.at ?? ""}\0${m.line}`;
      if (this.keys.has(key)) continue;
      if (this.found.length >= MAX_CONFLICTS) {
        if (m.at !== void 0 && (this.latestBeyondCap?.at ?? -Infinity) < m.at) this.latestBeyondCap = m;
        continue;
      }
      this.keys.add(key);
      this.found.push(m);
      this.options.onConflict?.(m);
    }
  }
  fail(error) {
    if (error instanceof ClusterError && (error.kind === "forbidden" || error.kind === "unauthorized")) {
      this.fatal ??= error;
    }
  }
  scanOptions(pod, container, source) {
    const expect = this.options.expectPattern;
    return {
      pod,
      container,
      source,
      pattern: this.options.pattern,
      redact: this.options.redact,
      // Every read asks for timestamps: a conflict is judged by when it was logged.
      timestamps: true,
      ...expect ? {
        expect: {
          pattern: expect,
          onMatch: (at) => this.expectedLines.push({ pod, container, source, ...at !== void 0 ? { at } : {} })
        }
      } : {}
    };
  }
  /** Reads the logs of a pod that ended (Terminating or gone) in the background: each container, and previous ones. */
  readEndedPod(pod) {
    if (this.readPods.has(pod.uid || pod.name)) return;
    this.readPods.add(pod.uid || pod.name);
    const window = this.options.endedPodWindowSeconds?.();
    const options = { tailLines: ENDED_TAIL_LINES, ...window ? { sinceSeconds: Math.ceil(window) } : {} };
    const task = (async () => {
      for (const c of pod.containers) {
        await this.read(pod.name, c.name, "ended-pod", options);
        if (c.restartCount > 0) await this.read(pod.name, c.name, "previous", { ...options, previous: true });
      }
    })();
    this.pending.add(task);
    void task.finally(() => this.pending.delete(task));
  }
  /**
   * Reads previous-container logs of every container of the pod that restarted: their last `sinceSeconds` (a
   * container that ended a week ago says nothing about this rollout), or their last lines when not given.
   */
  async readPrevious(pod, sinceSeconds) {
    const window = sinceSeconds !== void 0 && sinceSeconds > 0 ? { sinceSeconds: Math.ceil(sinceSeconds) } : {};
    for (const c of pod.containers) {
      if (c.restartCount > 0)
        await this.read(pod.name, c.name, "previous", { previous: true, tailLines: ENDED_TAIL_LINES, ...window });
    }
  }
  /** Reads the last `sinceSeconds` of each container's current log (verify mode); 0: the whole log. */
  async readRecent(pod, sinceSeconds) {
    for (const c of pod.containers)
      await this.read(pod.name, c.name, "current", sinceSeconds > 0 ? { sinceSeconds } : {});
  }
  /** expect-log: reads the current log of each container of the pod whole, for expect-log matches only. */
  async readExpected(pod) {
    const expect = this.options.expectPattern;
    if (!expect) return;
    for (const c of pod.containers) {
      try {
        const text = await this.options.cluster.readLogs(this.options.namespace, pod.name, c.name, {
          timestamps: true
        });
        scanLogText(text, { ...this.scanOptions(pod.name, c.name, "current"), pattern: NEVER });
      } catch (error) {
        this.fail(error);
      }
    }
  }
  async read(pod, container, source, options) {
    try {
      const text = await this.options.cluster.readLogs(this.options.namespace, pod, container, {
        ...options,
        timestamps: true
      });
      this.add(scanLogText(text, this.scanOptions(pod, container, source)));
    } catch (error) {
      this.fail(error);
    }
  }
  /**
   * Follows every container of the pod for durationMs, from `sinceSeconds` ago (the rollout so far: lines printed
   * before the pod became Ready count too, lines from before this rollout do not), or from each container's start.
   * Returns the containers whose stream ended early (exited or restarted).
   */
  async follow(pod, durationMs, sinceSeconds) {
    const window = {
      timestamps: true,
      ...sinceSeconds !== void 0 && sinceSeconds > 0 ? { sinceSeconds: Math.ceil(sinceSeconds) } : {}
    };
    const stop = new AbortController();
    this.follows.add(stop);
    const endedEarly = [];
    const timer = this.options.clock.sleep(durationMs, stop.signal).then(() => stop.abort());
    const stopped = new Promise((resolve) => {
      if (stop.signal.aborted) resolve();
      else stop.signal.addEventListener("abort", () => resolve(), { once: true });
    });
    await Promise.all(
      pod.containers.map(async (c) => {
        const scanner = createLineScanner(this.scanOptions(pod.name, c.name, "current"));
        try {
          await Promise.race([
            this.options.cluster.followLogs(
              this.options.namespace,
              pod.name,
              c.name,
              (text) => this.add(scanner.push(text)),
              stop.signal,
              window
            ),
            stopped
          ]);
        } catch (error) {
          this.fail(error);
        }
        this.add(scanner.flush());
        if (!stop.signal.aborted) endedEarly.push(c.name);
      })
    );
    await timer;
    this.follows.delete(stop);
    return endedEarly;
  }
  /** Ends the follows in progress now (a conflict that is never forgiven was found: no need to watch on). */
  stopFollowing() {
    for (const stop of this.follows) stop.abort();
  }
  /** Waits for background reads (ended pods) to finish. */
  async settle() {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
};

// src/guard/rollout/pod-watch.ts
var WatchGenerations = class {
  current = 0;
  /** A new watch starts: returns its generation (every earlier one is retired). */
  start() {
    return ++this.current;
  }
  /** The current watch ended: nothing it still delivers is applied. */
  end() {
    this.current++;
  }
  /** Whether an event of this generation's watch may be applied. */
  accepts(generation) {
    return generation === this.current;
  }
};
var PodWatch = class {
  tracker;
  /** The current revision once known. */
  revision;
  /** Watches resumed after the server ended them, relists after 410, reconnects after errors. */
  stats = { watches: 0, resumes: 0, relists: 0, reconnects: 0, revisionReads: 0 };
  /** A non-transient error (e.g. a missing permission) that stopped the watch. */
  fatal;
  options;
  state;
  /** Bumped by setState: a revision read that started before it is out of date. */
  stateEpoch = 0;
  fallbackRunning = false;
  abort = new AbortController();
  live = /* @__PURE__ */ new Map();
  ended = /* @__PURE__ */ new Set();
  checkedRevisionLabels = /* @__PURE__ */ new Set();
  waiters = [];
  loop;
  revisionRead;
  revisionReadAgain = false;
  synced = false;
  generations = new WatchGenerations();
  constructor(options) {
    this.options = options;
    this.state = options.state;
    this.revision = options.state.revision;
    this.tracker = new RolloutTracker({
      revisionLabel: options.state.revisionLabel,
      ...this.revision ? { revision: this.revision } : {},
      startedAt: options.startedAt ?? options.clock.now()
    });
  }
  /** Starts the list+watch loop in the background. */
  start() {
    for (const r of this.state.otherRevisions ?? []) this.checkedRevisionLabels.add(r);
    this.loop ??= this.run();
    if (this.revision === void 0 && this.state.target.kind === "StatefulSet") void this.revisionFallback();
    return this;
  }
  /**
   * The workload as read again (after apply, the watch having started before it, so no pod of the rollout is
   * missed): its current revision may be new, or unknown until the controller creates it. Same selector.
   */
  setState(state) {
    this.state = state;
    this.stateEpoch++;
    for (const r of state.otherRevisions ?? []) this.checkedRevisionLabels.add(r);
    if (state.revision !== this.revision) {
      this.revision = state.revision;
      this.tracker.setRevision(state.revision);
    }
    if (this.revision === void 0) {
      if (state.target.kind === "StatefulSet") void this.revisionFallback();
      else if (this.livePods().some((p) => this.needsRevisionRead(p))) this.readRevision();
    }
    if (this.revisionRead) this.revisionReadAgain = true;
    this.afterChange();
  }
  /** The tracker's current verdict. */
  status() {
    return this.tracker.status();
  }
  /** Whether the first list has been applied. */
  get isSynced() {
    return this.synced;
  }
  /** Pods that exist now (Terminating included), as last seen. */
  livePods() {
    return [...this.live.values()];
  }
  /**
   * Waits until check() holds (it is tried after every change), the deadline passes or the watch fails for good.
   * Returns whether check() held.
   */
  async until(check, deadline) {
    if (this.fatal) return false;
    if (this.synced && check(this)) return true;
    const stop = new AbortController();
    let held = false;
    const waited = new Promise((resolve) => {
      this.waiters.push({
        check: () => {
          held = this.synced && check(this);
          return held;
        },
        resolve
      });
    });
    const timer = this.options.clock.sleep(Math.max(0, deadline - this.options.clock.now()), stop.signal);
    await Promise.race([waited, timer]);
    stop.abort();
    return !this.fatal && (held || this.synced && check(this));
  }
  /** Stops watching. */
  async stop() {
    this.abort.abort();
    this.wake(true);
    await this.loop;
  }
  wake(all = false) {
    const keep = [];
    for (const w of this.waiters) {
      if (all || this.fatal || w.check()) w.resolve();
      else keep.push(w);
    }
    this.waiters = keep;
  }
  emitProgress(named = false) {
    if (this.revisionRead && !named) return;
    const lines = this.tracker.takeProgress();
    if (this.abort.signal.aborted) return;
    for (const line of lines) this.options.onProgress(line);
  }
  async run() {
    const { cluster, clock } = this.options;
    const { state } = this;
    const { namespace } = state.target;
    const signal = this.abort.signal;
    let resourceVersion;
    let failures = 0;
    let lastError = "";
    while (!signal.aborted) {
      try {
        if (resourceVersion === void 0) {
          const list = await cluster.listPods(namespace, state.selector);
          if (signal.aborted) break;
          this.live.clear();
          for (const p of list.pods) this.live.set(p.uid || p.name, p);
          this.tracker.reset(list.pods, clock.now());
          for (const p of list.pods) this.noteEnded(p, "MODIFIED");
          resourceVersion = list.resourceVersion;
          this.synced = true;
          if (list.pods.some((p) => this.needsRevisionRead(p))) this.readRevision();
          this.afterChange();
        }
        this.stats.watches++;
        const generation = this.generations.start();
        const end = await cluster.watchPods(
          namespace,
          state.selector,
          resourceVersion,
          (event) => {
            if (this.generations.accepts(generation)) this.onEvent(event);
          },
          (rv) => {
            if (this.generations.accepts(generation)) resourceVersion = rv;
          },
          {
            signal,
            ...this.options.watchTimeoutSeconds ? { timeoutSeconds: this.options.watchTimeoutSeconds } : {}
          }
        ).finally(() => this.generations.end());
        if (failures > 0) {
          this.options.onProgress(`watch resumed after ${failures} failed attempt${failures === 1 ? "" : "s"}`);
          failures = 0;
        }
        if (end.reason === "aborted") break;
        if (end.reason === "expired") {
          this.stats.relists++;
          resourceVersion = void 0;
        } else {
          this.stats.resumes++;
        }
      } catch (error) {
        if (signal.aborted) break;
        if (error instanceof ClusterError && error.kind === "expired") {
          this.stats.relists++;
          resourceVersion = void 0;
          continue;
        }
        if (!isTransient(error)) {
          this.fatal = error instanceof Error ? error : new Error(String(error));
          this.wake();
          break;
        }
        failures++;
        this.stats.reconnects++;
        const message = errorMessage(error);
        if (failures === 1 || message !== lastError) {
          this.options.onProgress(`lost the watch (${message}); retrying`);
          lastError = message;
        }
        await clock.sleep(backoffMs(failures), signal);
      }
    }
  }
  onEvent(event) {
    const key = event.pod.uid || event.pod.name;
    if (event.type === "DELETED") this.live.delete(key);
    else this.live.set(key, event.pod);
    this.tracker.observe(event, this.options.clock.now());
    this.noteEnded(event.pod, event.type);
    if (this.needsRevisionRead(event.pod, event.type)) this.readRevision();
    this.afterChange();
  }
  afterChange() {
    if (this.revisionRead) return;
    this.emitProgress();
    this.wake();
  }
  noteEnded(pod, type) {
    const ended = type === "DELETED" || Boolean(pod.deletionTimestamp) || pod.phase === "Succeeded" || pod.phase === "Failed";
    const key = pod.uid || pod.name;
    if (!ended || this.ended.has(key)) return;
    this.ended.add(key);
    this.options.onPodEnded?.(pod);
  }
  /**
   * A pod whose revision label we have not matched against the workload yet: the workload may have a new revision.
   * (A Deployment's new ReplicaSet exists before its first pod, so that pod's ADDED event is the moment to look.)
   */
  needsRevisionRead(pod, type = "ADDED") {
    if (this.state.target.kind === "CronJob") return false;
    if (type === "DELETED" || pod.deletionTimestamp) return false;
    const label = pod.labels[this.state.revisionLabel];
    return label !== void 0 && label !== this.revision && !this.checkedRevisionLabels.has(label);
  }
  /** Re-reads the workload for its current revision; one read at a time, repeated once if asked again meanwhile. */
  readRevision() {
    if (this.revisionRead) {
      this.revisionReadAgain = true;
      return;
    }
    this.revisionRead = (async () => {
      do {
        this.revisionReadAgain = false;
        const seenLabels = [...this.live.values()].map((p) => p.labels[this.state.revisionLabel]).filter((l) => l !== void 0);
        try {
          this.stats.revisionReads++;
          const epoch = this.stateEpoch;
          const state = await this.options.cluster.getWorkload(this.state.target);
          if (this.abort.signal.aborted) return;
          if (epoch !== this.stateEpoch) continue;
          if (state.revision || this.state.target.kind === "Deployment") {
            for (const l of [...seenLabels, ...state.otherRevisions ?? []]) this.checkedRevisionLabels.add(l);
          }
          if (state.revision && state.revision !== this.revision) {
            const first = this.revision === void 0;
            this.revision = state.revision;
            this.tracker.setRevision(state.revision);
            this.options.onProgress(`${first ? "revision" : "new revision"} ${state.revision}`);
            this.emitProgress(true);
            this.wake();
          }
        } catch (error) {
          if (!isTransient(error) && !this.abort.signal.aborted) {
            this.fatal = error instanceof Error ? error : new Error(String(error));
            this.wake();
            return;
          }
        }
      } while (this.revisionReadAgain && !this.abort.signal.aborted);
    })().finally(() => {
      this.revisionRead = void 0;
      this.afterChange();
    });
  }
  /**
   * A StatefulSet whose controller has not yet observed the new generation has no current revision, and may
   * produce no pod event that would prompt a read (OnDelete): read it again with backoff until the revision is known.
   */
  async revisionFallback() {
    if (this.fallbackRunning) return;
    this.fallbackRunning = true;
    for (let attempt = 1; this.revision === void 0 && !this.abort.signal.aborted && !this.fatal; attempt++) {
      await this.options.clock.sleep(Math.min(8e3, 250 * 2 ** (attempt - 1)), this.abort.signal);
      if (this.revision === void 0 && !this.abort.signal.aborted) this.readRevision();
    }
    this.fallbackRunning = false;
  }
};

// src/guard/rollout/conflict-cause.ts
function podSpans(timeline, startedAt, pods) {
  const info = new Map(pods.map((p) => [p.name, p]));
  const spans = [];
  const open = /* @__PURE__ */ new Map();
  for (const entry of [...timeline].sort((a, b) => a.atMs - b.atMs)) {
    const at = startedAt + entry.atMs;
    if (entry.event === "created" || entry.event.startsWith("present at start")) {
      if (open.has(entry.pod)) continue;
      const created2 = Date.parse(info.get(entry.pod)?.creationTimestamp ?? "");
      const from = entry.event === "created" ? at : Number.isNaN(created2) ? -Infinity : Math.min(created2, at);
      const span = { pod: entry.pod, from };
      spans.push(span);
      open.set(entry.pod, span);
    } else if (entry.event === "deleted") {
      const span = open.get(entry.pod);
      if (span) span.until = at;
      open.delete(entry.pod);
    }
  }
  for (const [name, pod] of info) {
    const span = open.get(name) ?? spans.filter((s) => s.pod === name).at(-1);
    const started = pod.containers.map((c) => Date.parse(c.startedAt ?? "")).filter((t) => !Number.isNaN(t)).sort((a, b) => b - a)[0];
    if (span && started !== void 0) span.containerStartedAt = started;
  }
  return spans;
}
var alive = (s, t) => s.from <= t && (s.until === void 0 || t < s.until);
function spanOf(spans, pod, t) {
  const own = spans.filter((s) => s.pod === pod);
  return own.find((s) => alive(s, t)) ?? own.filter((s) => s.from <= t).at(-1) ?? own[0];
}
var seconds = (ms) => formatDuration(Math.max(0, Math.round(ms / 1e3) * 1e3));
function classifyConflicts(conflicts, spans, options) {
  const { windowMs, watchedUntil } = options;
  const window = seconds(windowMs);
  const lastAt = Math.max(-Infinity, ...conflicts.map((c) => c.at ?? -Infinity));
  let waitUntil;
  const judged = conflicts.map((c) => {
    const with_ = (cause, why) => ({ ...c, cause, why });
    if (c.kind === "webhook") {
      return with_("webhook", "a webhook is set for this bot token: polling cannot work until it is deleted");
    }
    const t = c.at;
    if (t === void 0) return with_("outside", "the line has no timestamp, so it cannot be placed on the rollout");
    const own = spanOf(spans, c.pod, t);
    const others = spans.filter((s) => s !== own && s.pod !== c.pod && alive(s, t));
    if (own && alive(own, t) && others.length > 0) {
      const names = [c.pod, ...new Set(others.map((s) => s.pod))];
      return with_("overlap", `logged while ${names.length} pods of the workload were alive (${names.join(", ")})`);
    }
    const previous = own ? spans.filter((s) => s !== own && s.until !== void 0 && s.until <= own.from).sort((a, b) => a.until - b.until).at(-1) : void 0;
    const start = c.source === "current" && own?.containerStartedAt !== void 0 ? own.containerStartedAt : own?.from;
    const ref = previous?.until ?? start;
    const since = previous ? `after the previous pod ${previous.pod} was gone` : "after the container started";
    if (windowMs <= 0) return with_("outside", "handover-window is 0s: every conflict fails");
    if (ref === void 0 || !Number.isFinite(ref)) {
      return with_("outside", "the pod that logged it was not seen start, so it cannot be a handover");
    }
    const windowEnd = ref + windowMs;
    if (t > windowEnd) {
      return with_(
        "outside",
        `logged ${seconds(t - ref)} ${since}, past the ${window} handover window, with no other pod of the workload alive`
      );
    }
    if (lastAt > windowEnd) {
      return with_(
        "outside",
        `conflicts went on past the ${window} handover window (the last ${seconds(lastAt - ref)} ${since}): a poller elsewhere`
      );
    }
    if (windowEnd > watchedUntil) {
      waitUntil = Math.max(waitUntil ?? -Infinity, windowEnd);
      return with_(
        "outside",
        `logged ${seconds(t - ref)} ${since}, but the watch ended before the ${window} handover window passed, so it is not known to have stopped`
      );
    }
    return with_(
      "handover",
      `logged ${seconds(t - ref)} ${since}, within the ${window} handover window, and no conflict followed`
    );
  });
  return { conflicts: judged, ...waitUntil !== void 0 ? { waitUntil } : {} };
}

// src/guard/rollout/conflict-verdict.ts
var LOG_LAG_MS = 1e3;
function classify(ctx, judge, on) {
  return classifyConflicts(judge.conflicts(), podSpans(on.timeline, on.startedAt, on.pods), {
    windowMs: ctx.settings.handoverWindowMs,
    watchedUntil: ctx.clock.now() - LOG_LAG_MS
  });
}
async function watchHandovers(ctx, name, judge, pod, deadline, timeline) {
  const { clock } = ctx;
  const endedEarly = [];
  let followedUntil = clock.now();
  for (; ; ) {
    await judge.settle();
    const { waitUntil } = classify(ctx, judge, timeline());
    if (waitUntil === void 0) break;
    const until = Math.min(deadline, waitUntil + LOG_LAG_MS + 250);
    const ms = until - clock.now();
    if (ms <= 0) break;
    ctx.io.info(
      `${name}: a conflict may be Telegram's handover; watching ${pod.name}'s logs ${formatDuration(ms)} more, until the ${formatDuration(ctx.settings.handoverWindowMs)} handover window has passed`
    );
    const since = Math.ceil((clock.now() - followedUntil) / 1e3) + 2;
    endedEarly.push(...await judge.follow(pod, ms, since));
    followedUntil = clock.now();
    if (clock.now() >= deadline) break;
  }
  return endedEarly;
}
function judgeConflicts(ctx, name, report, judge, on) {
  const { conflicts } = classify(ctx, judge, on);
  report.conflicts = conflicts.map(
    (c) => c.at === void 0 ? c : { ...c, time: new Date(c.at).toISOString(), atMs: Math.max(0, c.at - on.startedAt) }
  );
  report.conflictCause = worstCause(report.conflicts);
  const worst = report.conflicts.find((c) => c.cause === report.conflictCause);
  if (worst && worst.cause !== "handover") fail(report, describeConflict(worst));
  const matchedBefore = checkExpectLog(ctx, report, judge, on);
  for (const c of report.conflicts) {
    if (c.cause !== "handover") continue;
    const note = c === matchedBefore ? ` ${EXPECT_LOG_BEFORE_HANDOVER}` : "";
    ctx.io.warning(`${name}: ${describeConflict(c, false)}${note}`);
  }
  for (const line of restartsAfterConflicts(report.conflicts, on)) ctx.io.warning(`${name}: ${line}`);
}
var EXPECT_LOG_BEFORE_HANDOVER = "expect-log's last matching line came before this conflict; a library that stops polling on a 409 without exiting would look the same, so to catch that pick a line the bot logs after recovering (or periodically).";
var RESTART_AFTER_CONFLICT_MS = 3e4;
function restartsAfterConflicts(conflicts, on) {
  const lines = [];
  const pods = new Set(conflicts.map((c) => c.pod));
  for (const pod of pods) {
    const own = conflicts.filter((c) => c.pod === pod);
    const restarts = on.timeline.filter((e) => e.pod === pod && /^restarted\b/.test(e.event));
    const fromPrevious = own.some((c) => c.source === "previous");
    const right = restarts.some(
      (r) => own.some((c) => {
        if (c.at === void 0) return false;
        const gap = on.startedAt + r.atMs - c.at;
        return gap >= -LOG_LAG_MS && gap <= RESTART_AFTER_CONFLICT_MS;
      })
    );
    if (fromPrevious || right) {
      lines.push(
        `${pod}: its container restarted right after a conflict (Telegraf and grammY stop on a 409 and the process exits); the conflict is in the previous container's log`
      );
    }
  }
  return lines;
}
function checkExpectLog(ctx, report, judge, on) {
  const pattern = ctx.settings.expectLog;
  if (!pattern) return void 0;
  const pod = report.pod;
  const own = report.conflicts.filter((c) => c.pod === pod);
  const restartedAfter = lastConflictBeforeRestart(own, on, pod);
  const hits = judge.expected().filter((e) => e.pod === pod && e.source === "current").filter((e) => e.at === void 0 || e.at > restartedAfter);
  const last = hits.reduce(
    (latest, e) => latest === void 0 || (e.at ?? Infinity) > (latest.at ?? Infinity) ? e : latest,
    void 0
  );
  report.expectLog = {
    pattern: pattern.source,
    found: last !== void 0,
    ...last?.at !== void 0 ? { at: last.at } : {}
  };
  if (last) {
    if (last.at === void 0) return void 0;
    const lastAt = last.at;
    const after = own.find((c) => c.cause === "handover" && c.at !== void 0 && c.at > lastAt);
    if (after) report.expectLog.beforeHandover = true;
    return after;
  }
  if (pod === void 0 || report.verdict !== "passed") return void 0;
  const restarted = Number.isFinite(restartedAfter) ? " since its container restarted after a conflict" : "";
  fail(
    report,
    `${pod} never logged a line matching expect-log /${pattern.source}/ during the watch${restarted}: the bot may not be polling — check its logs, and that the pattern matches what it prints once polling works`
  );
  return void 0;
}
function lastConflictBeforeRestart(own, on, pod) {
  const restarts = on.timeline.filter((e) => e.pod === pod && /^restarted\b/.test(e.event)).map((e) => on.startedAt + e.atMs);
  let boundary = -Infinity;
  for (const c of own) {
    const at = c.at;
    if (at === void 0) continue;
    if (c.source === "previous" || restarts.some((r) => r - at >= -LOG_LAG_MS)) boundary = Math.max(boundary, at);
  }
  return boundary;
}

// src/guard/rollout/watch-rollout.ts
function heldIO(io) {
  let held = [];
  const take = (warning, line) => {
    if (!held) return warning ? io.warning(line) : io.info(line);
    held.push({ warning, line });
  };
  return {
    io: { ...io, info: (line) => take(false, line), warning: (line) => take(true, line) },
    release() {
      const lines = held ?? [];
      held = void 0;
      for (const l of lines) take(l.warning, l.line);
    }
  };
}
function workloadLogJudge(ctx, target, io, extra = {}) {
  const { settings, cluster, clock } = ctx;
  const name = describeTarget(target);
  return new LogJudge({
    cluster,
    namespace: target.namespace,
    pattern: settings.conflictPattern,
    redact: ctx.redact,
    clock,
    ...settings.expectLog ? { expectPattern: settings.expectLog } : {},
    onConflict: (m) => {
      io.info(`${name}: ${describeConflictSeen(m)}`);
      extra.afterConflict?.(m);
    },
    ...extra.endedPodWindowSeconds ? { endedPodWindowSeconds: extra.endedPodWindowSeconds } : {}
  });
}
function startRolloutWatch(ctx, target, state) {
  const { settings, cluster, clock } = ctx;
  const { io, release } = heldIO(ctx.io);
  const name = describeTarget(target);
  const startedAt = clock.now();
  const judge = workloadLogJudge(ctx, target, io, {
    // A webhook conflict is never forgiven: no need to watch on.
    afterConflict: (m) => {
      if (m.kind === "webhook") judge.stopFollowing();
    },
    // The rollout so far, plus the settle window (at least a minute) as a margin for lines printed just before it.
    endedPodWindowSeconds: () => (clock.now() - startedAt + Math.max(settings.settleMs, 6e4)) / 1e3
  });
  const watch = new PodWatch({
    cluster,
    state,
    clock,
    onProgress: (line) => io.info(`${name}: ${line}`),
    onPodEnded: (pod) => judge.readEndedPod(pod),
    startedAt,
    ...ctx.deps.watchTimeoutSeconds ? { watchTimeoutSeconds: ctx.deps.watchTimeoutSeconds } : {}
  });
  watch.start();
  return { watch, judge, startedAt, release };
}
async function guardRollout(ctx, target, before = {}) {
  try {
    return await guardRolloutWith(ctx, target, before);
  } finally {
    await before.prepared?.watch.stop();
  }
}
async function guardRolloutWith(ctx, target, before) {
  const { settings, cluster, clock, io } = ctx;
  const report = emptyReport(target);
  const name = describeTarget(target);
  const started = clock.now();
  const deadline = started + settings.timeoutMs;
  const state = await retryTransient(() => cluster.getWorkload(target), clock, deadline);
  report.image = state.images.join(", ");
  if (state.revision) report.revision = state.revision;
  if (target.kind === "CronJob") {
    const active = state.activeJobs ?? [];
    if (active.length > 1)
      fail(
        report,
        `${active.length} jobs of ${name} run at once (${active.join(", ")}): set concurrencyPolicy: Forbid`
      );
    io.info(
      `${name}: a CronJob runs on its schedule; nothing to wait for (${active.length} active job${active.length === 1 ? "" : "s"})`
    );
    return report;
  }
  if (state.replicas === 0) return guardParked(ctx, target, report, state, before.prepared, deadline);
  const since = before.prepared?.startedAt ?? started;
  const rolloutWindowSeconds = () => Math.ceil((clock.now() - since + 6e4) / 1e3);
  io.info(
    `${name}: waiting for exactly one Running and Ready pod${state.revision ? ` of revision ${state.revision}` : " of the new revision"} and no other (timeout ${formatDuration(settings.timeoutMs)})`
  );
  const { watch, judge, startedAt, release } = before.prepared ?? startRolloutWatch(ctx, target, state);
  release();
  report.timelineStart = startedAt;
  if (before.prepared) watch.setState(state);
  try {
    let done = false;
    let status = watch.status();
    while (!watch.fatal && clock.now() < deadline) {
      done = await watch.until((w) => w.status().status !== "waiting", deadline);
      status = watch.status();
      if (!done || status.status !== "waiting") break;
    }
    if (watch.fatal) throw watch.fatal;
    if (watch.revision) report.revision = watch.revision;
    if (!done || status.status === "waiting") {
      const waitingFor = status.status === "waiting" ? status.waitingFor : "the rollout";
      fail(
        report,
        `timed out after ${formatDuration(settings.timeoutMs)} waiting for ${waitingFor}; pods: ${watch.tracker.describePods(clock.now()).join("; ")}`,
        "timed-out"
      );
      const stuck = watch.livePods().sort((a, b) => b.creationTimestamp.localeCompare(a.creationTimestamp))[0];
      if (stuck) report.events = await cluster.podEvents(target.namespace, stuck.name).catch(() => []);
      for (const p of watch.livePods()) await judge.readPrevious(p, p.ready ? rolloutWindowSeconds() : void 0);
    } else if (status.status === "failed") {
      fail(report, `pod ${status.pod} ${status.reason}: ${status.message}`);
      report.pod = status.pod;
      const failing = watch.livePods().find((p) => p.name === status.pod);
      if (failing?.containers.some((c) => c.restartCount > 0 || c.lastTerminatedReason)) {
        await judge.readPrevious(failing);
        await judge.readRecent(failing, 0);
      }
      report.events = await retryTransient(
        () => cluster.podEvents(target.namespace, status.pod),
        clock,
        deadline + 1e4
      ).catch(() => []);
      for (const e of report.events) io.info(`${name}: ${status.pod} event: ${e}`);
    } else {
      const pod = status.pod;
      report.pod = pod.name;
      report.timeToReadyMs = clock.now() - started;
      const restartsAtReady = pod.containers.reduce((n, c) => n + c.restartCount, 0);
      io.info(
        `${name}: ${pod.name} is the only pod, Running and Ready after ${formatDuration(report.timeToReadyMs)}; watching its logs for ${formatDuration(settings.settleMs)}`
      );
      const logFromMs = clock.now() - startedAt;
      const endedEarly = settings.settleMs > 0 ? await judge.follow(pod, settings.settleMs, rolloutWindowSeconds()) : (await judge.readRecent(pod, rolloutWindowSeconds()), []);
      endedEarly.push(
        ...await watchHandovers(ctx, name, judge, pod, deadline, () => ({
          timeline: watch.tracker.timeline(),
          startedAt,
          pods: watch.tracker.seenPods()
        }))
      );
      report.logWatchMs = { fromMs: logFromMs, toMs: clock.now() - startedAt };
      if (watch.fatal) throw watch.fatal;
      const after = watch.status();
      const current = after.status === "ready" ? after.pod : watch.livePods().find((p) => p.uid === pod.uid);
      if (endedEarly.length > 0 && current) await judge.readRecent(current, Math.ceil(settings.settleMs / 1e3));
      if (current) await judge.readPrevious(current, rolloutWindowSeconds());
      if (after.status !== "ready" || after.pod.uid !== pod.uid) {
        const what = after.status === "failed" ? `pod ${after.pod} ${after.reason}: ${after.message}` : after.status === "waiting" ? `now waiting for ${after.waitingFor}` : `pod ${after.pod.name} replaced it`;
        fail(report, `${pod.name} did not stay the only Ready pod during the settle window: ${what}`);
      }
      const restartsNow = (current ?? pod).containers.reduce((n, c) => n + c.restartCount, 0);
      if (restartsNow > restartsAtReady) {
        io.warning(`${name}: ${pod.name} restarted ${restartsNow - restartsAtReady} time(s) during the settle window`);
      }
      report.image = (current ?? pod).containers.map((c) => c.image).join(", ");
    }
    await judge.settle();
    if (judge.fatal) throw judge.fatal;
    report.maxConcurrentPods = watch.tracker.maxConcurrentPods;
    report.restarts = watch.tracker.restarts();
    report.timeline = watch.tracker.timeline();
    report.timelineEndMs = clock.now() - startedAt;
    judgeConflicts(ctx, name, report, judge, { timeline: report.timeline, startedAt, pods: watch.tracker.seenPods() });
    if (report.maxConcurrentPods > 1) {
      const pods = watch.tracker.seenPods().map((p) => p.name);
      fail(
        report,
        `overlap: ${report.maxConcurrentPods} pods of ${name} existed at once ${before.overlap?.during ?? "during the rollout"} (seen: ${pods.join(", ")}); two pollers may have run — ${before.overlap ? before.overlap.advice : before.replicas !== void 0 && before.replicas > 1 ? `it ran ${before.replicas} replicas before this deploy: keep replicas: 1 and do not scale it up` : "use strategy Recreate and do not delete the pod by hand while it runs"}`
      );
    }
    await watch.stop();
    io.info(
      `${name}: ${report.verdict}${report.pod ? ` (pod ${report.pod})` : ""}; most pods at once ${report.maxConcurrentPods}, restarts ${report.restarts}, conflicts ${report.conflicts.length}`
    );
    return report;
  } finally {
    await watch.stop();
  }
}
function parkedLine(name) {
  return `${name} is parked (replicas: 0): no pod of it is alive, and a deploy runs none (no log watch); set spec.replicas: 1 when it should run again`;
}
async function guardParked(ctx, target, report, state, prepared, deadline) {
  const { settings, clock, io } = ctx;
  const name = describeTarget(target);
  io.info(
    `${name}: replicas 0 (parked): waiting until no pod of it is alive, Terminating included (timeout ${formatDuration(settings.timeoutMs)})`
  );
  const { watch, startedAt, release } = prepared ?? startRolloutWatch(ctx, target, state);
  release();
  report.timelineStart = startedAt;
  if (prepared) watch.setState(state);
  try {
    const gone = await watch.until((w) => !w.livePods().some(isLive), deadline);
    if (watch.fatal) throw watch.fatal;
    report.maxConcurrentPods = watch.tracker.maxConcurrentPods;
    report.timeline = watch.tracker.timeline();
    report.timelineEndMs = clock.now() - startedAt;
    if (!gone) {
      fail(
        report,
        `timed out after ${formatDuration(settings.timeoutMs)} waiting for the pods of parked ${name} (replicas: 0) to end; pods: ${watch.tracker.describePods(clock.now()).join("; ")}`,
        "timed-out"
      );
      return report;
    }
    report.parked = true;
    await watch.stop();
    io.info(parkedLine(name));
    return report;
  } finally {
    await watch.stop();
  }
}

// src/guard/judge-live.ts
async function verifyOrFail(ctx, target) {
  try {
    return await verifyWorkload(ctx, target);
  } catch (error) {
    const report = emptyReport(target);
    report.verdict = "failed";
    report.reason = errorMessage(error);
    return report;
  }
}
function retryWindow(ctx) {
  return Math.min(3e4, ctx.settings.timeoutMs);
}
async function readWorkload(ctx, target) {
  try {
    return await retryTransient(() => ctx.cluster.getWorkload(target), ctx.clock, ctx.clock.now() + retryWindow(ctx));
  } catch (error) {
    if (!(error instanceof ClusterError) || error.kind !== "not-found") throw error;
    const report = emptyReport(target);
    report.verdict = "failed";
    report.reason = `${describeTarget(target)} not found: check the name, the namespace and the kubeconfig's cluster`;
    return report;
  }
}
async function verifyWorkload(ctx, target) {
  const { cluster, clock, settings, io } = ctx;
  const name = describeTarget(target);
  const state = await readWorkload(ctx, target);
  if ("verdict" in state) return state;
  const report = emptyReport(target);
  report.image = state.images.join(", ");
  if (state.revision) report.revision = state.revision;
  const fail2 = (reason) => {
    report.verdict = "failed";
    report.reason = report.reason ? `${report.reason}; ${reason}` : reason;
  };
  if (target.kind === "CronJob") {
    const active = state.activeJobs ?? [];
    if (active.length > 1)
      fail2(`${active.length} jobs of ${name} run at once (${active.join(", ")}): set concurrencyPolicy: Forbid`);
    io.info(`${name}: ${active.length} active job${active.length === 1 ? "" : "s"}`);
    return report;
  }
  const now = clock.now();
  const list = await retryTransient(
    () => cluster.listPods(target.namespace, state.selector),
    clock,
    now + retryWindow(ctx)
  );
  const tracker = new RolloutTracker({
    revisionLabel: state.revisionLabel,
    ...state.revision ? { revision: state.revision } : {},
    startedAt: now
  });
  const status = tracker.reset(list.pods, now);
  report.timelineStart = now;
  report.timelineEndMs = 0;
  report.maxConcurrentPods = tracker.maxConcurrentPods;
  report.restarts = tracker.restarts();
  report.timeline = tracker.timeline();
  for (const line of tracker.describePods()) io.info(`${name}: ${line}`);
  if (state.replicas === 0) {
    const alive2 = list.pods.filter(isLive);
    if (alive2.length > 0) {
      fail2(
        `${name} is parked (replicas: 0) but ${alive2.length} pod${alive2.length === 1 ? " is" : "s are"} still alive: ${tracker.describePods().join("; ")}`
      );
    } else {
      report.parked = true;
      io.info(parkedLine(name));
    }
    return report;
  }
  if (state.replicas !== void 0 && state.replicas !== 1)
    fail2(`${name} is scaled to ${state.replicas} replicas, not 1`);
  if (status.status === "ready") {
    report.pod = status.pod.name;
    report.image = status.pod.containers.map((c) => c.image).join(", ");
  } else if (status.status === "failed") {
    report.pod = status.pod;
    fail2(`pod ${status.pod} ${status.reason}: ${status.message}`);
    report.events = await cluster.podEvents(target.namespace, status.pod).catch(() => []);
  } else {
    fail2(
      `not exactly one Running and Ready pod of the current revision: waiting for ${status.waitingFor}; pods: ${tracker.describePods().join("; ")}`
    );
  }
  const judge = workloadLogJudge(ctx, target, io);
  const sinceSeconds = Math.ceil(settings.settleMs / 1e3);
  for (const pod of list.pods) {
    if (sinceSeconds === 0) continue;
    await judge.readRecent(pod, sinceSeconds);
    await judge.readPrevious(pod, pod.ready ? sinceSeconds : void 0);
  }
  if (judge.fatal) throw judge.fatal;
  const on = () => ({ timeline: tracker.timeline(), startedAt: now, pods: list.pods });
  if (status.status === "ready" && sinceSeconds > 0) {
    await watchHandovers(ctx, name, judge, status.pod, now + settings.timeoutMs, on);
  }
  if (settings.expectLog && status.status === "ready") {
    await judge.readExpected(status.pod);
  }
  if (judge.fatal) throw judge.fatal;
  judgeConflicts(ctx, name, report, judge, on());
  if (report.restarts > 0) io.warning(`${name}: ${report.pod ?? "its pod"} has restarted ${report.restarts} time(s)`);
  io.info(
    `${name}: ${report.verdict}${report.pod ? ` (pod ${report.pod})` : ""}; pods ${list.pods.length}, conflicts ${report.conflicts.length}`
  );
  return report;
}

// src/guard/clusters.ts
var CURRENT = "current context";
function allContexts(ctx) {
  return [{ context: ctx.cluster.context ?? CURRENT, cluster: ctx.cluster }, ...ctx.otherContexts ?? []];
}
async function runningPods(cluster, target) {
  let selector;
  try {
    selector = (await cluster.getWorkload(target)).selector;
  } catch (error) {
    if (error instanceof ClusterError && error.kind === "not-found") return [];
    throw error;
  }
  const { pods } = await cluster.listPods(target.namespace, selector);
  return pods.filter((p) => p.phase === "Running").map((p) => p.name);
}
async function countInContexts(ctx, target, contexts) {
  return Promise.all(
    contexts.map(async ({ context, cluster }) => {
      try {
        const deadline = ctx.clock.now() + Math.min(5e3, ctx.settings.timeoutMs);
        return { context, running: await retryTransient(() => runningPods(cluster, target), ctx.clock, deadline) };
      } catch (error) {
        const unreachable = error instanceof ClusterError && error.kind === "unreachable";
        return {
          context,
          running: [],
          error: ctx.redact(errorMessage(error)),
          ...unreachable ? { unreachable } : {}
        };
      }
    })
  );
}
function judgeCounts(name, counts, unreachable) {
  const warnings = [];
  const failures = [];
  for (const c of counts) {
    if (!c.error) continue;
    if (c.unreachable && unreachable === "warn") {
      warnings.push(`context ${c.context} cannot be reached, its pods of ${name} are not counted: ${c.error}`);
    } else if (c.unreachable) {
      failures.push(
        `context ${c.context} cannot be reached (set unreachable: warn, CLI --unreachable warn, to tolerate it): ${c.error}`
      );
    } else {
      failures.push(`context ${c.context}: ${c.error}`);
    }
  }
  const total = counts.reduce((n, c) => n + c.running.length, 0);
  if (total > 1) {
    failures.push(
      `${total} Running pods of ${name} across contexts (${describeCounts(counts)}): exactly one may run in all of them together`
    );
  } else if (total === 0) {
    failures.push(`no Running pod of ${name} in any context (${describeCounts(counts)})`);
  }
  return { ...failures.length > 0 ? { failure: failures.join("; ") } : {}, warnings };
}
async function judgeAcrossContexts(ctx, target, report, counts) {
  if (target.kind === "CronJob" || !ctx.otherContexts?.length) return report;
  const name = describeTarget(target);
  const found = counts ?? await countInContexts(ctx, target, allContexts(ctx));
  const verdict = judgeCounts(name, found, ctx.settings.unreachable);
  for (const w of verdict.warnings) ctx.io.warning(w);
  ctx.io.info(`${name}: Running pods by context: ${describeCounts(found)}`);
  const out = { ...report, clusters: found };
  if (verdict.failure) {
    if (out.verdict === "remediated") out.verdict = "failed";
    fail(out, verdict.failure);
  }
  return out;
}
async function verifyAcrossContexts(ctx, target) {
  if (target.kind === "CronJob" || !ctx.otherContexts?.length) return verifyOrFail(ctx, target);
  const contexts = allContexts(ctx);
  const counts = await countInContexts(ctx, target, contexts);
  const holding = counts.filter((c) => c.running.length > 0);
  const where = holding.length === 1 ? contexts.find((c) => c.context === holding[0]?.context) : void 0;
  if (where && where.cluster !== ctx.cluster) {
    ctx.io.info(`${describeTarget(target)}: its pod runs in context ${where.context}: verifying it there`);
  }
  const report = await verifyOrFail(where ? { ...ctx, cluster: where.cluster } : ctx, target);
  return judgeAcrossContexts(ctx, target, report, counts);
}

// src/guard/steps/command-output.ts
import { basename } from "node:path";
var FAILURE_TAIL_LINES = 3;
function commandSummary(command) {
  const lines = command.split(/\r?\n/).filter((l) => l.trim() !== "");
  const first = (lines[0] ?? "").trim();
  const short = first.length > 120 ? `${first.slice(0, 117)}...` : first;
  return lines.length > 1 ? `${short} (+${lines.length - 1} more line${lines.length === 2 ? "" : "s"})` : short;
}
function commandFailure(what, result, stderrLines, limitMs) {
  const tail = stderrLines.slice(-FAILURE_TAIL_LINES);
  const limit = limitMs === void 0 ? "the time limit" : `${formatDuration(limitMs)} (the timeout)`;
  const how = result.timedOut ? `was stopped after ${limit}` : `exited with code ${result.exitCode}`;
  return `${what} ${how}${tail.length > 0 ? `: ${tail.join(" | ")}` : ""}`;
}
function isNotFound(error) {
  const code = error?.code;
  return code === "ENOENT" || /Unable to locate executable|not found/i.test(String(error?.message));
}
function collectLines(redact, print) {
  const printed = [];
  const stderr = [];
  let streamed = false;
  const take = (raw, stream) => {
    const line = redact(raw.trimEnd());
    if (line.trim() === "") return;
    printed.push(line);
    if (stream === "stderr") stderr.push(line);
    print(line);
  };
  return {
    printed,
    stderr,
    onLine(line, stream) {
      streamed = true;
      take(line, stream);
    },
    finish(result) {
      if (streamed) return;
      for (const line of result.stdout.split(/\r?\n/)) take(line, "stdout");
      for (const line of result.stderr.split(/\r?\n/)) take(line, "stderr");
    }
  };
}
function toolName(path) {
  return basename(path) || path;
}

// src/guard/steps/command.ts
var SHELLS = [
  { command: "bash", args: ["--noprofile", "--norc", "-eo", "pipefail", "-c"] },
  { command: "sh", args: ["-e", "-c"] }
];
function commandStep(input) {
  const command = input.settings.deployCommand ?? "";
  const shown = input.redact(commandSummary(command));
  return {
    kind: "command",
    description: `running deploy-command: ${shown}`,
    async run(print) {
      const lines = collectLines(input.redact, print);
      const options = {
        cwd: input.settings.cwd,
        env: input.env,
        timeoutMs: input.settings.timeoutMs,
        onLine: lines.onLine
      };
      let result;
      for (const shell of SHELLS) {
        try {
          result = await input.run(shell.command, [...shell.args, command], options);
          break;
        } catch (error) {
          if (isNotFound(error)) continue;
          throw new Error(
            `deploy-command could not run: ${input.redact(String(error?.message ?? error).split("\n")[0] ?? "")}`,
            { cause: error }
          );
        }
      }
      if (!result) throw new Error("deploy-command could not run: neither bash nor sh was found on PATH");
      lines.finish(result);
      if (result.exitCode !== 0 || result.timedOut) {
        throw new Error(commandFailure(`deploy-command "${shown}"`, result, lines.stderr, input.settings.timeoutMs));
      }
      return lines.printed;
    }
  };
}

// src/guard/steps/helm.ts
function helmUpgradeArgs(chart, options) {
  return ["upgrade", "--install", options.release, chart, ...valuesArgs(options)];
}
function helmHistoryArgs(options) {
  return [
    "history",
    options.release,
    ...options.namespace ? ["--namespace", options.namespace] : [],
    "--max",
    "1",
    "-o",
    "json"
  ];
}
function helmRollbackArgs(options, revision) {
  return [
    "rollback",
    options.release,
    String(revision),
    ...options.namespace ? ["--namespace", options.namespace] : []
  ];
}
function currentRevision(historyJson) {
  try {
    const entries = JSON.parse(historyJson);
    const revision = Array.isArray(entries) ? entries.at(-1)?.revision : void 0;
    return typeof revision === "number" && Number.isInteger(revision) && revision > 0 ? revision : void 0;
  } catch {
    return void 0;
  }
}
function chartToDeploy(loaded) {
  const renders = loaded?.renders ?? [];
  const charts = renders.filter((r) => r.target.tool === "helm").map((r) => r.target);
  const others = [
    ...renders.filter((r) => r.target.tool !== "helm").map((r) => r.target.name),
    ...(loaded?.sources ?? []).map((s) => s.file)
  ];
  const [chart] = charts;
  if (!chart) throw new UsageError("nothing to deploy with helm: no chart in the manifests");
  if (charts.length > 1 || others.length > 0) {
    const extra = [...charts.slice(1).map((c) => c.name), ...others];
    throw new UsageError(
      `deploy installs one chart as a release: give ${chart.name} alone (also given: ${extra.slice(0, 3).join(", ")}${extra.length > 3 ? ", …" : ""})`
    );
  }
  return chart;
}
function chartOptions(chart, settings) {
  const own = bindHelmInputs([chart], { values: settings.helmValues, set: settings.helmSet }, settings.cwd).get(chart);
  return helmOptionsFor(chart, { ...settings, helmValues: own?.valuesFiles ?? [], helmSet: own?.set ?? [] });
}
function describeHelm(chart, options) {
  const inputs = [
    ...options.valuesFiles.length > 0 ? [`${options.valuesFiles.length} values file(s)`] : [],
    ...options.set.length > 0 ? [`${options.set.length} --set value(s)`] : []
  ];
  return `helm upgrade --install ${options.release} ${chart.name}${options.namespace ? ` -n ${options.namespace}` : ""}${inputs.length > 0 ? ` (${inputs.join(", ")})` : ""}`;
}
function helmStep(input) {
  const { settings } = input;
  const chart = chartToDeploy(input.loaded);
  const options = input.loaded?.renders.find((r) => r.target === chart)?.helm ?? chartOptions(chart, settings);
  const helm = settings.helm;
  const description = describeHelm(chart, options);
  let previous;
  const runHelm = async (args, what, print) => {
    const lines = collectLines(input.redact, print);
    let result;
    try {
      result = await input.run(helm, args, {
        cwd: settings.cwd,
        env: input.env,
        timeoutMs: settings.timeoutMs,
        onLine: lines.onLine
      });
    } catch (error) {
      if (isNotFound(error)) {
        throw new UsageError(
          `helm not found at "${helm}": install Helm 3 or 4 or set the helm input (--helm) to its path`,
          {
            cause: error
          }
        );
      }
      throw new Error(
        `${what} could not run: ${input.redact(String(error?.message ?? error).split("\n")[0] ?? "")}`,
        {
          cause: error
        }
      );
    }
    lines.finish(result);
    if (result.exitCode !== 0 || result.timedOut) throw new Error(commandFailure(what, result, lines.stderr));
    return lines.printed;
  };
  return {
    kind: "helm",
    description,
    async run(print) {
      const history = await input.run(helm, helmHistoryArgs(options), { cwd: settings.cwd, env: input.env, timeoutMs: settings.timeoutMs }).catch(() => void 0);
      previous = history && history.exitCode === 0 ? currentRevision(history.stdout) : void 0;
      return runHelm(helmUpgradeArgs(chart.folder, options), `helm upgrade --install ${options.release}`, print);
    },
    async rollback(print) {
      if (previous === void 0) {
        throw new Error(
          `release ${options.release} had no revision before this deploy (a first install): nothing to roll back to`
        );
      }
      return runHelm(helmRollbackArgs(options, previous), `helm rollback ${options.release} ${previous}`, print);
    }
  };
}

// src/guard/steps/kubectl-apply.ts
function applyStep(input) {
  const { settings, loaded } = input;
  const files = (loaded?.sources ?? []).flatMap((s) => s.absolutePath ? [s.absolutePath] : []);
  const fromStdin = (loaded?.sources ?? []).some((s) => !s.absolutePath);
  const count = files.length + (fromStdin ? 1 : 0);
  return {
    kind: "apply",
    description: `applying ${count} manifest ${count === 1 ? "file" : "files"} with ${toolName(settings.kubectl)}${settings.serverSide ? " (server-side)" : ""}`,
    async run(print) {
      const applied = await input.kubectl.apply({
        files,
        ...fromStdin && input.stdin !== void 0 ? { stdin: input.stdin } : {},
        ...settings.namespace ? { namespace: settings.namespace } : {},
        serverSide: settings.serverSide,
        fieldManager: settings.fieldManager,
        requestTimeoutSeconds: Math.ceil(Math.min(3e4, settings.timeoutMs) / 1e3),
        onLine: print
      });
      return applied;
    }
  };
}

// src/guard/steps/kustomize-apply.ts
function kustomizeStep(input) {
  const { settings, loaded } = input;
  const renders = loaded?.renders ?? [];
  const other = renders.find((r) => r.target.tool !== "kustomize");
  const kustomizations = renders.filter((r) => r.target.tool === "kustomize");
  const files = (loaded?.sources ?? []).flatMap((s) => s.absolutePath ? [s.absolutePath] : []);
  const fromStdin = (loaded?.sources ?? []).some((s) => !s.absolutePath);
  const names = kustomizations.map((r) => r.target.name).join(", ");
  const how = settings.kustomize ? `${toolName(settings.kustomize)} build, applied with ${toolName(settings.kubectl)}` : `${toolName(settings.kubectl)} apply -k`;
  const plain = files.length + (fromStdin ? 1 : 0);
  const common = {
    ...settings.namespace ? { namespace: settings.namespace } : {},
    serverSide: settings.serverSide,
    fieldManager: settings.fieldManager,
    requestTimeoutSeconds: Math.ceil(Math.min(3e4, settings.timeoutMs) / 1e3)
  };
  return {
    kind: "kustomize",
    description: `applying Kustomize ${kustomizations.length === 1 ? "target" : "targets"} ${names} with ${how}${plain > 0 ? ` and ${plain} manifest ${plain === 1 ? "file" : "files"}` : ""}${settings.serverSide ? " (server-side)" : ""}`,
    async run(print) {
      if (other) {
        throw new UsageError(
          `deploy applies Kustomize targets or a ${other.target.tool} target, not both at once (${names}; ${other.target.name}): deploy them in separate steps`
        );
      }
      const lines = [];
      const withPrint = { ...common, onLine: print };
      for (const rendered of kustomizations) {
        lines.push(
          ...await input.kubectl.apply(
            settings.kustomize ? { files: [], stdin: rendered.text, ...withPrint } : { files: [], kustomization: rendered.target.folder, ...withPrint }
          )
        );
      }
      if (plain > 0) {
        lines.push(
          ...await input.kubectl.apply({
            files,
            ...fromStdin && input.stdin !== void 0 ? { stdin: input.stdin } : {},
            ...withPrint
          })
        );
      }
      return lines;
    }
  };
}

// src/guard/steps/index.ts
function deployKind(settings, loaded) {
  if (settings.deployCommand !== void 0) return "command";
  if (loaded?.renders?.some((r) => r.target.tool === "helm")) return "helm";
  if (loaded?.renders?.some((r) => r.target.tool === "kustomize")) return "kustomize";
  return "apply";
}
function chooseDeployStep(input) {
  const kind = deployKind(input.settings, input.loaded);
  switch (kind) {
    case "command":
      return commandStep(input);
    case "kustomize":
      return kustomizeStep(input);
    case "apply":
      return applyStep(input);
    case "helm":
      return helmStep(input);
  }
}
function commandEnv(env, kubeconfigFile) {
  const out = Object.fromEntries(Object.entries(env).filter(([key]) => !/^INPUT_/i.test(key)));
  return kubeconfigFile ? { ...out, KUBECONFIG: kubeconfigFile } : out;
}

// src/guard/repair-plan.ts
function planRemediation(input) {
  const { pods, revision, revisionLabel, now } = input;
  const warnings = [];
  const isCurrent = (p) => revision !== void 0 && p.labels[revisionLabel] === revision;
  const active = pods.filter((p) => !p.deletionTimestamp);
  const terminating = pods.filter((p) => p.deletionTimestamp);
  const ready = active.filter((p) => p.phase === "Running" && p.ready);
  const newestFirst = (list) => [...list].sort((a, b) => created(b) - created(a) || (a.name < b.name ? 1 : -1));
  let keep = newestFirst(ready.filter(isCurrent))[0] ?? newestFirst(ready)[0];
  if (keep && revision !== void 0 && !isCurrent(keep)) {
    warnings.push(
      `no Ready pod of the current revision ${revision}; kept ${keep.name} (revision ${keep.labels[revisionLabel] ?? "unknown"}) so the bot keeps running`
    );
  }
  if (!keep) {
    keep = newestFirst(active.filter((p) => isLive2(p) && isCurrent(p)))[0] ?? newestFirst(active.filter(isLive2))[0];
    if (keep) warnings.push(`no pod is Ready; kept the newest pod ${keep.name} (${keep.phase}) and deleted the others`);
  }
  const forceDelete = [];
  for (const pod of terminating) {
    const graceEnds = Date.parse(pod.deletionTimestamp);
    if (Number.isNaN(graceEnds) || graceEnds >= now) continue;
    const overdue = formatDuration(now - graceEnds);
    const where = pod.nodeName ? ` on node ${pod.nodeName}` : "";
    if (input.forceDeleteTerminating) {
      forceDelete.push(pod.name);
    } else {
      warnings.push(
        `pod ${pod.name}${where} is stuck Terminating ${overdue} past its grace period and may still be running; rerun with force-delete-terminating: true, CLI --force-delete-terminating, to force-delete it`
      );
    }
  }
  if (forceDelete.length > 0) {
    const nodes = [...new Set(terminating.filter((p) => forceDelete.includes(p.name)).map((p) => p.nodeName))];
    const onNodes = nodes.filter(Boolean).length > 0 ? ` (node ${nodes.filter(Boolean).join(", ")})` : "";
    warnings.push(
      `force-deleting ${forceDelete.join(", ")}${onNodes}: a force-deleted pod on an unreachable node may go on running until the node comes back; make sure that node is really down or drained`
    );
  }
  return {
    scaleTo1: input.replicas !== void 0 && input.replicas !== 1,
    ...keep ? { keep: keep.name } : {},
    delete: active.filter((p) => p !== keep).map((p) => p.name),
    forceDelete,
    warnings
  };
}
function created(pod) {
  const t = Date.parse(pod.creationTimestamp);
  return Number.isNaN(t) ? 0 : t;
}
function isLive2(pod) {
  return pod.phase !== "Succeeded" && pod.phase !== "Failed";
}

// src/guard/rollout/timeline.ts
var PRESENT_AT_START = /^present at start\b/;
function joinTimelines(earlier, later) {
  const known = new Set(earlier.map((e) => e.pod));
  return [...earlier, ...later.filter((e) => !(known.has(e.pod) && PRESENT_AT_START.test(e.event)))];
}

// src/guard/repair.ts
var SCALE_SETTLE_MS = 15e3;
var DELETION_COST_ANNOTATION = "controller.kubernetes.io/pod-deletion-cost";
var KEEP_COST = "2147483647";
async function remediateWorkload(ctx, target, prior) {
  const { cluster, clock, settings, io } = ctx;
  const name = describeTarget(target);
  const changes = [];
  const failed = (why) => ({
    ...prior,
    changes: [...prior.changes, ...changes],
    verdict: prior.verdict === "passed" ? "failed" : prior.verdict,
    reason: `${prior.reason ? `${prior.reason}; ` : ""}remediation: ${why}`
  });
  if (target.kind === "CronJob") return failed("a CronJob has no pods to repair; set concurrencyPolicy: Forbid");
  let watch;
  try {
    const deadline = clock.now() + settings.timeoutMs;
    const state = await retryTransient(() => cluster.getWorkload(target), clock, deadline);
    watch = new PodWatch({
      cluster,
      state,
      clock,
      // One timeline for the report: offsets from where the failed look began.
      startedAt: prior.timelineStart ?? clock.now(),
      onProgress: (line) => io.info(`${name}: ${line}`),
      ...ctx.deps.watchTimeoutSeconds ? { watchTimeoutSeconds: ctx.deps.watchTimeoutSeconds } : {}
    }).start();
    await watch.until((w) => w.isSynced, deadline);
    if (watch.fatal) throw watch.fatal;
    let scaled = false;
    const plan = () => planRemediation({
      replicas: scaled ? 1 : state.replicas,
      pods: watch.livePods(),
      ...watch.revision ? { revision: watch.revision } : {},
      revisionLabel: state.revisionLabel,
      forceDeleteTerminating: settings.forceDeleteTerminating,
      now: clock.now()
    });
    let steps = plan();
    let announced;
    if (steps.scaleTo1) {
      if (steps.keep && target.kind === "Deployment") {
        await cluster.annotatePod(target.namespace, steps.keep, { [DELETION_COST_ANNOTATION]: KEEP_COST });
        announced = steps.keep;
        changes.push(
          `kept pod ${steps.keep}: set ${DELETION_COST_ANNOTATION} so the ReplicaSet removes the others first`
        );
        io.info(`${name}: ${changes[changes.length - 1]}`);
      }
      await cluster.scale(target, 1);
      scaled = true;
      changes.push(`scaled ${name} from ${state.replicas ?? "?"} to 1 replica`);
      io.info(`${name}: ${changes[changes.length - 1]}`);
      await watch.until(
        (w) => w.livePods().filter((p) => !p.deletionTimestamp).length <= 1,
        Math.min(deadline, clock.now() + SCALE_SETTLE_MS)
      );
      steps = plan();
    }
    for (const w of steps.warnings) io.warning(`${name}: ${w}`);
    if (steps.keep && steps.keep !== announced) io.info(`${name}: keeping pod ${steps.keep}`);
    for (const pod of steps.delete) {
      await cluster.deletePod(target.namespace, pod);
      changes.push(`deleted pod ${pod}`);
      io.info(`${name}: deleted pod ${pod}`);
    }
    for (const pod of steps.forceDelete) {
      await cluster.deletePod(target.namespace, pod, { force: true });
      changes.push(`force-deleted pod ${pod} (stuck Terminating past its grace period)`);
      io.info(`${name}: force-deleted pod ${pod}`);
    }
    if (changes.length === 0) {
      await watch.stop();
      const again2 = await verifyOrFail(ctx, target);
      if (again2.verdict === "passed" && prior.verdict === "passed") return again2;
      return failed(
        again2.verdict === "passed" ? "nothing to change; the workload verifies now, but the failure above happened" : `nothing it may change fixes this${again2.reason ? ` (now: ${again2.reason})` : ""}`
      );
    }
    io.info(
      `${name}: waiting for exactly one Running and Ready pod (timeout ${formatDuration(Math.max(0, deadline - clock.now()))})`
    );
    await watch.until((w) => w.status().status !== "waiting", deadline);
    if (watch.fatal) throw watch.fatal;
    await watch.stop();
    const again = await verifyOrFail(ctx, target);
    const result = {
      ...again,
      changes: [...prior.changes, ...changes],
      maxConcurrentPods: Math.max(prior.maxConcurrentPods, again.maxConcurrentPods),
      timeline: joinTimelines(prior.timeline, watch.tracker.timeline()),
      // The one timeline counts from the failed look (again's own look is a moment within it).
      ...prior.timelineStart !== void 0 ? { timelineStart: prior.timelineStart, timelineEndMs: clock.now() - prior.timelineStart } : {}
    };
    if (prior.logWatchMs) result.logWatchMs = prior.logWatchMs;
    if (again.verdict === "passed") {
      result.verdict = "remediated";
      if (prior.reason) result.reason = `was: ${prior.reason}`;
    } else {
      result.reason = `after remediation: ${again.reason ?? "still failing"}${prior.reason ? `; was: ${prior.reason}` : ""}`;
    }
    return result;
  } catch (error) {
    return failed(errorMessage(error));
  } finally {
    await watch?.stop();
  }
}

// src/guard/rollback.ts
function needsRollback(report) {
  return report.verdict === "failed" || report.verdict === "timed-out";
}
function rollbackRefusal(target, before, now) {
  const name = describeTarget(target);
  if (target.kind === "CronJob") return `a CronJob has no revision to roll back to`;
  if (!before) return `${name} did not exist before this deploy: a first install is never rolled back`;
  if (!before.revision) {
    return `no revision of ${name} was complete before this deploy (a rollout was under way): nothing known to roll back to`;
  }
  if (now && now.revision === before.revision) {
    return `revision ${before.revision} is still current: the deploy did not change the pod template, so there is nothing to restore`;
  }
  return void 0;
}
async function rollBackFailed(ctx, step, targets, reports, before) {
  const failed = targets.filter((_, i) => reports[i] && needsRollback(reports[i]));
  if (failed.length === 0) return [...reports];
  if (step.rollback) return rollBackWithStep(ctx, step, targets, reports, before);
  const out = [...reports];
  for (const [i, target] of targets.entries()) {
    const report = reports[i];
    if (report && needsRollback(report)) out[i] = await rollBackWorkload(ctx, target, report, before.get(target));
  }
  return out;
}
function withRollback(ctx, target, report, rollback) {
  if (!rollback.rolledBack) ctx.io.warning(`${describeTarget(target)}: not rolled back: ${rollback.reason ?? ""}`);
  return { ...report, rollback };
}
async function readNow(ctx, target) {
  const deadline = ctx.clock.now() + Math.min(3e4, ctx.settings.timeoutMs);
  try {
    return await retryTransient(() => ctx.cluster.getWorkload(target), ctx.clock, deadline);
  } catch (error) {
    if (error instanceof ClusterError && error.kind === "not-found") return void 0;
    throw error;
  }
}
async function watchBeforeRestore(ctx, target, state) {
  const prepared = startRolloutWatch(ctx, target, state);
  await prepared.watch.until((w) => w.isSynced, ctx.clock.now() + Math.min(3e4, ctx.settings.timeoutMs));
  return prepared;
}
async function rollBackWorkload(ctx, target, report, before) {
  const { cluster, io } = ctx;
  const name = describeTarget(target);
  const early = rollbackRefusal(target, before);
  if (early || !before?.revision) return withRollback(ctx, target, report, { rolledBack: false, reason: early });
  let prepared;
  const changes = [];
  try {
    const now = await readNow(ctx, target);
    if (!now) {
      return withRollback(ctx, target, report, {
        rolledBack: false,
        reason: `${name} no longer exists: nothing to roll back`
      });
    }
    const refusal = rollbackRefusal(target, before, now);
    if (refusal) return withRollback(ctx, target, report, { rolledBack: false, reason: refusal });
    io.info(`${name}: rolling back to revision ${before.revision}, current before this deploy`);
    prepared = await watchBeforeRestore(ctx, target, now);
    const restored = await cluster.rollbackTo(target, before.revision);
    const number = restored.number !== void 0 ? `${restored.number} ` : "";
    changes.push(`rolled back ${name} to revision ${number}(${restored.source})`);
    io.info(`${name}: ${changes[0]}`);
    if (target.kind === "StatefulSet") {
      for (const pod of prepared.watch.livePods()) {
        if (pod.ready || pod.deletionTimestamp || pod.labels[before.revisionLabel] === before.revision) continue;
        await cluster.deletePod(target.namespace, pod.name);
        changes.push(`deleted pod ${pod.name} (not Ready, of the failed revision) so the StatefulSet restores it`);
        io.info(`${name}: ${changes[changes.length - 1]}`);
      }
    }
    const restoreStart = prepared.startedAt;
    const again = await guardRollout(ctx, target, { replicas: before.replicas, prepared });
    prepared = void 0;
    const shift = restoreStart - (report.timelineStart ?? restoreStart);
    const rollback = {
      rolledBack: true,
      revision: before.revision,
      ...restored.number !== void 0 ? { revisionNumber: restored.number } : {},
      verdict: again.verdict,
      ...again.verdict !== "passed" && again.reason ? { reason: again.reason } : {},
      ...again.pod ? { pod: again.pod } : {},
      ...again.image ? { image: again.image } : {},
      maxConcurrentPods: again.maxConcurrentPods
    };
    io.info(
      `${name}: rollback ${again.verdict === "passed" ? `verified: pod ${again.pod ?? "?"} is the only one` : `did not verify: ${again.reason ?? again.verdict}`}`
    );
    return {
      ...report,
      changes: [...report.changes, ...changes],
      conflicts: [...report.conflicts, ...again.conflicts],
      timeline: joinTimelines(
        report.timeline,
        again.timeline.map((e) => ({ ...e, atMs: e.atMs + shift }))
      ),
      ...again.timelineEndMs !== void 0 ? { timelineEndMs: again.timelineEndMs + shift } : {},
      ...again.logWatchMs ? { logWatchMs: { fromMs: again.logWatchMs.fromMs + shift, toMs: again.logWatchMs.toMs + shift } } : {},
      rollback
    };
  } catch (error) {
    return {
      ...withRollback(ctx, target, report, {
        rolledBack: changes.length > 0,
        reason: `${changes.length > 0 ? "the restore could not be guarded" : "the rollback failed"}: ${errorMessage(error)}`
      }),
      changes: [...report.changes, ...changes]
    };
  } finally {
    prepared?.release();
    await prepared?.watch.stop();
  }
}
async function rollBackWithStep(ctx, step, targets, reports, before) {
  const out = [...reports];
  const watches = /* @__PURE__ */ new Map();
  try {
    for (const [i, target] of targets.entries()) {
      const report = reports[i];
      if (!report || !needsRollback(report)) continue;
      const refusal = rollbackRefusal(target, before.get(target));
      const now = refusal ? void 0 : await readNow(ctx, target);
      if (refusal || !now) {
        out[i] = withRollback(ctx, target, report, {
          rolledBack: false,
          reason: refusal ?? `${describeTarget(target)} no longer exists: nothing to roll back`
        });
        continue;
      }
      watches.set(i, await watchBeforeRestore(ctx, target, now));
    }
    if (watches.size === 0) return out;
    const undo = step.rollback;
    let lines;
    try {
      ctx.io.info(`rolling back: ${step.description}`);
      lines = await undo((line) => ctx.io.info(line));
    } catch (error) {
      for (const i of watches.keys()) {
        out[i] = withRollback(ctx, targets[i], out[i], {
          rolledBack: false,
          reason: `the rollback failed: ${errorMessage(error)}`
        });
      }
      return out;
    }
    for (const [i, prepared] of watches) {
      const target = targets[i];
      const report = out[i];
      watches.delete(i);
      const again = await guardRollout(ctx, target, { replicas: before.get(target)?.replicas, prepared });
      out[i] = {
        ...report,
        changes: [...report.changes, ...lines.map((l) => `rollback: ${l}`)],
        rollback: {
          rolledBack: true,
          ...again.revision ? { revision: again.revision } : {},
          verdict: again.verdict,
          ...again.verdict !== "passed" && again.reason ? { reason: again.reason } : {},
          ...again.pod ? { pod: again.pod } : {},
          ...again.image ? { image: again.image } : {},
          maxConcurrentPods: again.maxConcurrentPods
        }
      };
    }
    return out;
  } finally {
    for (const prepared of watches.values()) await prepared.watch.stop();
  }
}

// src/guard/switch-plan.ts
var deploymentTarget = (d) => ({
  kind: "Deployment",
  name: d.name,
  namespace: d.namespace
});
function describeDeployment(d) {
  return formatWorkloadRef(deploymentTarget(d));
}
function switchedDeployment(s) {
  return deploymentTarget(s.deployment);
}
function selectorMatches(selector, labels) {
  const s = asRecord(selector);
  if (!s) return false;
  const matchLabels = asRecord(s.matchLabels) ?? {};
  const expressions = Array.isArray(s.matchExpressions) ? s.matchExpressions : [];
  if (Object.keys(matchLabels).length === 0 && expressions.length === 0) return false;
  for (const [key, value] of Object.entries(matchLabels)) if (labels[key] !== String(value)) return false;
  for (const raw of expressions) {
    const e = asRecord(raw);
    const key = typeof e?.key === "string" ? e.key : void 0;
    if (!e || key === void 0) return false;
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    const has = Object.hasOwn(labels, key);
    const value = labels[key];
    if (e.operator === "In") {
      if (!has || !values.includes(value)) return false;
    } else if (e.operator === "NotIn") {
      if (has && values.includes(value)) return false;
    } else if (e.operator === "Exists") {
      if (!has) return false;
    } else if (e.operator === "DoesNotExist") {
      if (has) return false;
    } else return false;
  }
  return true;
}
function sameSelector(a, b) {
  return JSON.stringify(canonicalSelector(a)) === JSON.stringify(canonicalSelector(b));
}
function canonicalSelector(selector) {
  const s = asRecord(selector) ?? {};
  const labels = asRecord(s.matchLabels) ?? {};
  const expressions = (Array.isArray(s.matchExpressions) ? s.matchExpressions : []).map((raw) => {
    const e = asRecord(raw) ?? {};
    const values = Array.isArray(e.values) ? e.values.map(String).sort() : [];
    return `${String(e.key)} ${String(e.operator)} ${values.join(",")}`;
  });
  return {
    labels: Object.keys(labels).sort().map((k) => `${k}=${String(labels[k])}`),
    expressions: expressions.sort()
  };
}
function switchCandidates(objects, namespace, guarded) {
  const statefulSets = [];
  const manifestDeployments = /* @__PURE__ */ new Set();
  for (const o of objects) {
    if (!o.name || !/^apps\//.test(o.apiVersion)) continue;
    const ns = o.namespace ?? namespace;
    if (o.kind === "Deployment") manifestDeployments.add(`${ns}/${o.name}`);
    if (o.kind !== "StatefulSet") continue;
    const target = { kind: "StatefulSet", name: o.name, namespace: ns };
    statefulSets.push({
      target,
      selector: asRecord(o.object.spec)?.selector,
      guarded: guarded.some((g) => g.kind === "StatefulSet" && g.name === o.name && g.namespace === ns)
    });
  }
  return { statefulSets, manifestDeployments };
}
function planSwitches(statefulSets, live, manifestDeployments) {
  const plan = { switches: [], refusals: [], notes: [] };
  const taken = /* @__PURE__ */ new Set();
  for (const sts of statefulSets) {
    const name = formatWorkloadRef(sts.target);
    for (const d of live) {
      if (d.namespace !== sts.target.namespace || taken.has(d.uid)) continue;
      if (!selectorMatches(sts.selector, d.templateLabels)) continue;
      const dep = describeDeployment(d);
      if (d.name !== sts.target.name && !sameSelector(d.selector, sts.selector)) {
        plan.notes.push(
          `${name} selects the pods of live ${dep} too, but it has another name and selector: not switched (the guard counts its pods with the StatefulSet's); give the StatefulSet its own labels, or the Deployment's name or selector if it replaces it`
        );
        continue;
      }
      if (manifestDeployments.has(`${d.namespace}/${d.name}`)) {
        const reason = `${name} selects the pods of ${dep}, which the manifests hold too: both would run a pod (two pollers); remove the Deployment from the manifests to move the bot to the StatefulSet`;
        if (sts.guarded) plan.refusals.push({ statefulSet: sts.target, reason });
        else plan.notes.push(reason);
        continue;
      }
      if (d.replicas === 0) {
        plan.notes.push(
          `${dep} (replicas 0) selects the same pods as ${name}: left alone; delete it once the StatefulSet runs (kubectl delete deployment ${d.name} -n ${d.namespace})`
        );
        continue;
      }
      if (!sts.guarded) {
        plan.notes.push(
          `${name} selects the pods of live ${dep}, but the workloads input leaves it out: applied without the switch, its pod may start beside the Deployment's (guard it to switch safely)`
        );
        continue;
      }
      taken.add(d.uid);
      plan.switches.push({ statefulSet: sts.target, deployment: d });
      const replicas = d.replicas ?? 1;
      if (replicas > 1) {
        plan.notes.push(
          `${dep} runs ${replicas} replicas, not one: all ${replicas} pods stop before ${name} starts its one pod`
        );
      }
    }
  }
  return plan;
}
function autoscalerVerdict(s, autoscaler) {
  const dep = describeDeployment(s.deployment);
  const short = autoscaler.kind === "HorizontalPodAutoscaler" ? "hpa" : "scaledobject";
  const what = `live ${autoscaler.kind} ${autoscaler.name} in ${autoscaler.namespace} targets ${dep}, which ${formatWorkloadRef(s.statefulSet)} replaces`;
  const scalesFromZero = autoscaler.kind === "ScaledObject" || autoscaler.minReplicas === 0;
  if (scalesFromZero) {
    return {
      refusal: `${what}: it can scale the Deployment back up from 0 beside the StatefulSet's pod (a second poller); delete it first (kubectl delete ${short} ${autoscaler.name} -n ${autoscaler.namespace})`
    };
  }
  return {
    note: `${what}: it leaves a Deployment at 0 replicas alone, and targets nothing once the switch deletes it; delete it (kubectl delete ${short} ${autoscaler.name} -n ${autoscaler.namespace})`
  };
}
function goBackCommand(s, statefulSetExists) {
  const { name, namespace } = s.deployment;
  const scale = `kubectl scale deployment/${name} --replicas=${s.deployment.replicas ?? 1} -n ${namespace}`;
  return statefulSetExists ? `kubectl delete statefulset/${s.statefulSet.name} -n ${s.statefulSet.namespace} --cascade=foreground --wait && ${scale}` : scale;
}

// src/guard/switch.ts
async function planDeploySwitch(ctx, objects, namespace, guarded) {
  const { statefulSets, manifestDeployments } = switchCandidates(objects, namespace, guarded);
  if (statefulSets.length === 0) return { switches: [], refusals: [], notes: [] };
  const live = [];
  for (const ns of new Set(statefulSets.map((s) => s.target.namespace))) {
    try {
      live.push(...await ctx.cluster.listDeployments(ns));
    } catch (error) {
      if (!(error instanceof ClusterError) || error.kind !== "forbidden") throw error;
      ctx.io.warning(
        `could not look for a live Deployment that a StatefulSet of the manifests replaces in ${ns}: ${errorMessage(error)}`
      );
    }
  }
  const plan = planSwitches(statefulSets, live, manifestDeployments);
  for (const s of [...plan.switches]) {
    const { autoscalers } = await ctx.cluster.listAutoscalers(switchedDeployment(s));
    for (const a of autoscalers) {
      const verdict = autoscalerVerdict(s, a);
      if ("note" in verdict) plan.notes.push(verdict.note);
      else plan.refusals.push({ statefulSet: s.statefulSet, reason: verdict.refusal });
    }
  }
  if (plan.refusals.length > 0) plan.switches = [];
  return plan;
}
function switchAccess(switches) {
  return switches.flatMap(({ deployment: { name, namespace } }) => [
    { verb: "patch", resource: "deployments/scale", group: "apps", namespace, name },
    { verb: "delete", resource: "deployments", group: "apps", namespace, name },
    { verb: "list", resource: "pods", group: "", namespace },
    { verb: "watch", resource: "pods", group: "", namespace }
  ]);
}
async function stopReplacedDeployments(ctx, switches) {
  const failures = /* @__PURE__ */ new Map();
  for (const s of switches) {
    const failure = await stopOne(ctx, s);
    if (failure) {
      failures.set(s.statefulSet, failure);
      break;
    }
  }
  return failures;
}
async function stopOne(ctx, s) {
  const { cluster, clock, io, settings } = ctx;
  const target = switchedDeployment(s);
  const dep = describeDeployment(s.deployment);
  const started = clock.now();
  const deadline = started + settings.timeoutMs;
  io.info(
    `${describeTarget(s.statefulSet)} replaces ${dep} (it selects the same pods): scaling the Deployment to 0 first, so that its pods are gone before the StatefulSet's starts`
  );
  const state = await retryTransient(() => cluster.getWorkload(target), clock, deadline);
  const watch = new PodWatch({
    cluster,
    state,
    clock,
    onProgress: (line) => io.info(`${dep}: ${line}`),
    startedAt: started,
    ...ctx.deps.watchTimeoutSeconds ? { watchTimeoutSeconds: ctx.deps.watchTimeoutSeconds } : {}
  }).start();
  try {
    const synced = await watch.until((w) => w.isSynced, Math.min(deadline, started + 3e4));
    if (watch.fatal) throw watch.fatal;
    if (!synced) {
      return {
        reason: `could not list the pods of ${dep} before scaling it to 0: nothing scaled, nothing applied`,
        verdict: "timed-out"
      };
    }
    try {
      await cluster.scale(target, 0);
    } catch (error) {
      return { reason: `could not scale ${dep} to 0 (${errorMessage(error)}): nothing applied`, verdict: "failed" };
    }
    io.info(`${dep}: scaled to 0 (was ${s.deployment.replicas ?? 1})`);
    const gone = await watch.until((w) => !w.livePods().some(isLive), deadline);
    if (watch.fatal) throw watch.fatal;
    if (!gone) {
      return {
        reason: `timed out after ${formatDuration(settings.timeoutMs)} waiting for the pods of ${dep} to end (${watch.tracker.describePods(clock.now()).join("; ")}): nothing applied; ${dep} stays at replicas 0 — to go back: ${goBackCommand(s, false)}`,
        verdict: "timed-out"
      };
    }
    io.info(`${dep}: no pod of it is left (after ${formatDuration(clock.now() - started)}); applying`);
    return void 0;
  } finally {
    await watch.stop();
  }
}
async function restoreAfterFailedApply(ctx, switches, why = "the apply failed") {
  const { cluster, io } = ctx;
  for (const s of switches) {
    const dep = describeDeployment(s.deployment);
    try {
      const exists = await cluster.getWorkload(s.statefulSet).then(
        () => true,
        (error) => {
          if (error instanceof ClusterError && error.kind === "not-found") return false;
          throw error;
        }
      );
      if (exists) {
        io.warning(
          `${dep} stays at replicas 0: ${why}, but ${describeTarget(s.statefulSet)} exists — to go back: ${goBackCommand(s, true)}`
        );
        continue;
      }
      await cluster.scale(switchedDeployment(s), s.deployment.replicas ?? 1);
      io.warning(
        `${dep}: scaled back to ${s.deployment.replicas ?? 1} (${why}; ${describeTarget(s.statefulSet)} does not exist)`
      );
    } catch (error) {
      io.warning(`${dep} stays at replicas 0 (${errorMessage(error)}) — to go back: ${goBackCommand(s, true)}`);
    }
  }
}
async function finishSwitches(ctx, switches, targets, reports) {
  const out = [...reports];
  for (const s of switches) {
    const i = targets.findIndex(
      (t) => t.kind === "StatefulSet" && t.name === s.statefulSet.name && t.namespace === s.statefulSet.namespace
    );
    const report = out[i];
    if (!report) continue;
    const dep = describeDeployment(s.deployment);
    const passed = report.verdict === "passed" || report.verdict === "remediated";
    const replicas = s.deployment.replicas ?? 1;
    const changes = [`scaled ${dep} to 0 (was ${replicas}) and waited until its pods were gone, before the apply`];
    let outcome;
    let goBack;
    if (passed) {
      try {
        const deleted = await ctx.cluster.deleteDeployment(s.deployment.namespace, s.deployment.name, s.deployment.uid);
        outcome = deleted ? "deleted" : "deleted-by-apply";
        changes.push(
          deleted ? `deleted ${dep}: ${describeTarget(s.statefulSet)} replaces it` : `${dep} was already gone (the apply deleted it)`
        );
      } catch (error) {
        outcome = "kept";
        changes.push(`could not delete ${dep} (kept at replicas 0): ${errorMessage(error)}`);
      }
    } else if (!await deploymentExists(ctx, s)) {
      outcome = "deleted-by-apply";
      changes.push(`${dep} is gone (the apply deleted it), although ${describeTarget(s.statefulSet)} did not pass`);
    } else {
      outcome = "kept";
      goBack = goBackCommand(s, true);
      changes.push(`kept ${dep} at replicas 0 (${describeTarget(s.statefulSet)} did not pass) — to go back: ${goBack}`);
    }
    for (const line of changes.slice(1)) ctx.io.info(line);
    out[i] = {
      ...report,
      changes: [...changes, ...report.changes],
      switchedFrom: {
        workload: `deployment/${s.deployment.name}`,
        replicas,
        deployment: outcome,
        ...goBack ? { goBack } : {}
      }
    };
  }
  return out;
}
async function deploymentExists(ctx, s) {
  try {
    const state = await ctx.cluster.getWorkload(switchedDeployment(s));
    return state.uid === s.deployment.uid;
  } catch (error) {
    return !(error instanceof ClusterError && error.kind === "not-found");
  }
}

// src/modes/targets.ts
var AUTOSCALER_KINDS = /* @__PURE__ */ new Set(["HorizontalPodAutoscaler", "ScaledObject"]);
function autoscalerOf(object) {
  if (!AUTOSCALER_KINDS.has(object.kind) || !object.name) return void 0;
  const ref = object.object.spec?.scaleTargetRef;
  if (!ref || typeof ref.name !== "string") return void 0;
  return {
    kind: object.kind,
    name: object.name,
    ...object.namespace ? { namespace: object.namespace } : {},
    targetKind: typeof ref.kind === "string" ? ref.kind : "Deployment",
    targetName: ref.name
  };
}
async function readTargets(settings, io, deps) {
  const needManifests = settings.manifests.length > 0 && (settings.mode === "deploy" || settings.workloads.length === 0);
  if (!needManifests) return { refs: [...settings.workloads], autoscalers: [] };
  const loaded = await deps.loadManifests(settings.manifests, loadOptions(settings, io.stdin));
  if (settings.mode !== "deploy") {
    for (const failure of loaded.renderFailures) {
      io.warning(
        `${failure.file}:${failure.line}: ${failure.message}: its workloads are not ${settings.mode === "verify" ? "verified" : "remediated"}`
      );
    }
  }
  const selection = selectSingletons(loaded.objects, settings.workloads);
  const refs = selection.singletons.map((o) => ({
    kind: o.kind,
    name: o.name ?? "",
    ...o.namespace ? { namespace: o.namespace } : {}
  }));
  refs.push(...selection.missing);
  const autoscalers = loaded.objects.map(autoscalerOf).filter((a) => a !== void 0);
  return { loaded, refs, autoscalers };
}
function resolveTargets(refs, settings, cluster) {
  const seen = /* @__PURE__ */ new Set();
  const out = [];
  for (const ref of refs) {
    const target = {
      kind: ref.kind,
      name: ref.name,
      namespace: ref.namespace ?? settings.namespace ?? cluster.defaultNamespace
    };
    const key = `${target.kind}/${target.namespace}/${target.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(target);
  }
  return out;
}

// src/modes/deploy.ts
async function runDeploy(ctx, targets) {
  const { settings, io, cluster } = ctx;
  const workloads = resolveTargets(targets.refs, settings, cluster);
  const result = {
    ...targets.lint ? { lint: targets.lint } : {},
    applied: [],
    workloads: [],
    result: "success"
  };
  const step = deployStep(ctx, targets);
  await ensureAccess(cluster, requiredAccess(workloads, settings), ctx.clock, Math.min(5e3, settings.timeoutMs));
  const blocked = [];
  const liveReplicas = /* @__PURE__ */ new Map();
  const liveStates = /* @__PURE__ */ new Map();
  for (const target of workloads) {
    const { problem, replicas, state } = await liveCheck(ctx, target, targets.autoscalers);
    liveReplicas.set(target, replicas);
    if (state) liveStates.set(target, state);
    if (problem) {
      const report = emptyReport(target);
      fail(report, problem);
      blocked.push(report);
    }
  }
  if (blocked.length > 0) {
    io.info(
      `nothing applied: the live cluster blocks ${blocked.map((r) => describeTarget(r.workload)).join(", ")}`
    );
    return { ...result, workloads: blocked, result: "failure" };
  }
  const plan = await switchPlan(ctx, targets, workloads, step);
  for (const note of plan.notes) io.warning(note);
  if (plan.refusals.length > 0) {
    const refused = plan.refusals.map(({ statefulSet, reason }) => {
      const report = emptyReport(statefulSet);
      fail(report, reason);
      return report;
    });
    io.info(
      `nothing applied: the switch from a live Deployment is blocked for ${refused.map((r) => describeTarget(r.workload)).join(", ")}`
    );
    return { ...result, workloads: refused, result: "failure" };
  }
  if (plan.switches.length > 0) {
    await ensureAccess(cluster, switchAccess(plan.switches), ctx.clock, Math.min(5e3, settings.timeoutMs));
    const failures = await stopReplacedDeployments(ctx, plan.switches);
    if (failures.size > 0) {
      const failedAt = plan.switches.findIndex((s) => failures.has(s.statefulSet));
      const stopped = plan.switches.slice(0, failedAt);
      await restoreAfterFailedApply(ctx, stopped, "nothing was applied");
      const failed = [...failures].map(([statefulSet, { reason, verdict }]) => {
        const report = emptyReport(statefulSet);
        fail(report, reason, verdict);
        return report;
      });
      return { ...result, workloads: failed, result: "failure" };
    }
  }
  const prepared = /* @__PURE__ */ new Map();
  for (const [target, state] of liveStates) prepared.set(target, startRolloutWatch(ctx, target, state));
  const syncedBy = ctx.clock.now() + Math.min(3e4, settings.timeoutMs);
  await Promise.all([...prepared.values()].map((p) => p.watch.until((w) => w.isSynced, syncedBy)));
  try {
    io.info(step.description);
    result.applied = await step.run((line) => io.info(line));
  } catch (error) {
    for (const p of prepared.values()) p.release();
    await Promise.all([...prepared.values()].map((p) => p.watch.stop()));
    await restoreAfterFailedApply(ctx, plan.switches);
    throw error;
  }
  result.workloads = await Promise.all(
    workloads.map(async (target) => {
      let report;
      const startedAt = prepared.get(target)?.startedAt ?? ctx.clock.now();
      try {
        report = await guardRollout(ctx, target, {
          replicas: liveReplicas.get(target),
          ...prepared.has(target) ? { prepared: prepared.get(target) } : {}
        });
      } catch (error) {
        report = emptyReport(target);
        fail(report, afterDeployFailure(target, step, error));
        report.timelineStart = startedAt;
      }
      if (report.verdict !== "passed" && settings.remediate) {
        report = await remediateWorkload(ctx, target, report);
      }
      return report;
    })
  );
  if (plan.switches.length > 0)
    result.workloads = await finishSwitches(ctx, plan.switches, workloads, result.workloads);
  if (settings.rollbackOnFailure) {
    result.workloads = await rollBackFailed(ctx, step, workloads, result.workloads, liveStates);
  }
  if (ctx.otherContexts?.length) {
    result.workloads = await Promise.all(
      workloads.map((target, i) => judgeAcrossContexts(ctx, target, result.workloads[i]))
    );
  }
  result.result = result.workloads.every((w) => w.verdict === "passed" || w.verdict === "remediated") ? "success" : "failure";
  return result;
}
async function switchPlan(ctx, targets, workloads, step) {
  if (!targets.loaded) return { switches: [], refusals: [], notes: [] };
  const namespace = ctx.settings.namespace ?? ctx.cluster.defaultNamespace;
  const plan = await planDeploySwitch(ctx, targets.loaded.objects, namespace, workloads);
  if (step.kind !== "command") return plan;
  const told = plan.switches.map(
    (s) => `${describeTarget(s.statefulSet)} replaces live ${describeTarget(switchedDeployment(s))}: the guard does not switch around a deploy-command — scale the Deployment to 0 and wait for its pods to end in the command, before it applies the StatefulSet`
  );
  return { switches: [], refusals: [], notes: [...plan.notes, ...told] };
}
function afterDeployFailure(target, step, error) {
  if (!(error instanceof ClusterError) || error.kind !== "not-found") return errorMessage(error);
  const made = step.kind === "command" ? "the deploy-command" : "kubectl apply";
  const wait = step.kind === "command" ? ", and that the command waits until its sync has made it (argocd app sync without --async)" : "";
  return `${describeTarget(target)} not found after ${made}: check its kind, name and namespace (the workloads and namespace inputs)${wait}`;
}
function deployStep(ctx, targets) {
  const { settings, io } = ctx;
  return chooseDeployStep({
    settings,
    ...targets.loaded ? { loaded: targets.loaded } : {},
    ...io.stdin !== void 0 ? { stdin: io.stdin } : {},
    kubectl: ctx.deps.kubectl({
      path: settings.kubectl,
      ...ctx.kubeconfigFile ? { kubeconfig: ctx.kubeconfigFile } : {},
      cwd: settings.cwd,
      redact: ctx.redact,
      // The API server's warnings (a singleton policy in Warn mode: the rollout's whole point) reach the job log.
      warning: (line) => io.warning(`kubectl apply: ${line.replace(/^Warning:\s*/, "")}`)
    }),
    run: ctx.deps.runCommand ?? spawnCommand,
    env: commandEnv(process.env, ctx.kubeconfigFile),
    redact: ctx.redact
  });
}
async function liveCheck(ctx, target, manifestAutoscalers) {
  if (target.kind === "CronJob") return {};
  const { cluster, io } = ctx;
  let state;
  try {
    state = await cluster.getWorkload(target);
  } catch (error) {
    if (error instanceof ClusterError && error.kind === "not-found") return {};
    throw error;
  }
  const live = { state, ...state.replicas !== void 0 ? { replicas: state.replicas } : {} };
  if (state.replicas !== void 0 && state.replicas !== 1) {
    io.warning(
      `${describeTarget(target)} runs ${state.replicas} replicas now: the apply scales it to 1 only if the manifests set replicas: 1 (kubectl apply leaves a live scale alone when the field is missing), and the pods it has count as an overlap`
    );
  }
  const { autoscalers, unchecked } = await cluster.listAutoscalers(target);
  for (const u of unchecked) io.warning(`could not check ${u} for ${describeTarget(target)}`);
  for (const a of autoscalers) {
    if (a.maxReplicas !== void 0 && a.maxReplicas <= 1) continue;
    const updated = manifestAutoscalers.some(
      (m) => m.kind === a.kind && m.name === a.name && (m.namespace ?? target.namespace) === a.namespace
    );
    if (updated) continue;
    const max = a.maxReplicas === void 0 ? "no maxReplicaCount (KEDA defaults to 100)" : `maxReplicas ${a.maxReplicas}`;
    const short = a.kind === "HorizontalPodAutoscaler" ? "hpa" : "scaledobject";
    return {
      ...live,
      problem: `live ${a.kind} ${a.name} in ${a.namespace} targets ${describeTarget(target)} with ${max}: it would start a second poller; delete it (kubectl delete ${short} ${a.name} -n ${a.namespace}) or cap it at 1`
    };
  }
  return live;
}

// src/modes/verify.ts
async function runVerify(ctx, targets) {
  const workloads = resolveTargets(targets.refs, ctx.settings, ctx.cluster);
  await ensureAccess(
    ctx.cluster,
    requiredAccess(workloads, ctx.settings),
    ctx.clock,
    Math.min(5e3, ctx.settings.timeoutMs)
  );
  const reports = await Promise.all(
    workloads.map(async (target) => {
      let report = await verifyAcrossContexts(ctx, target);
      if (report.verdict !== "passed" && ctx.settings.remediate) {
        report = await remediateWorkload(ctx, target, report);
        report = await judgeAcrossContexts(ctx, target, report);
      }
      return report;
    })
  );
  return {
    applied: [],
    workloads: reports,
    result: reports.every((r) => r.verdict === "passed" || r.verdict === "remediated") ? "success" : "failure"
  };
}
async function runRemediate(ctx, targets) {
  const workloads = resolveTargets(targets.refs, ctx.settings, ctx.cluster);
  await ensureAccess(
    ctx.cluster,
    requiredAccess(workloads, { ...ctx.settings, remediate: true }),
    ctx.clock,
    Math.min(5e3, ctx.settings.timeoutMs)
  );
  const reports = await Promise.all(
    workloads.map(async (target) => {
      const report = await verifyOrFail(ctx, target);
      if (report.verdict === "passed") {
        ctx.io.info(`${describeTarget(target)}: healthy, nothing to remediate`);
        return report;
      }
      return remediateWorkload(ctx, target, report);
    })
  );
  return {
    applied: [],
    workloads: reports,
    result: reports.every((r) => r.verdict === "passed" || r.verdict === "remediated") ? "success" : "failure"
  };
}

// src/guard/drill-figures.ts
var GONE = { alive: false, ready: false, terminating: false };
function next(state, event) {
  const present = /^present at start \((.*)\)$/.exec(event)?.[1];
  if (present !== void 0) {
    const terminating = /^Terminating\b/.test(present);
    const ended = /^(?:Succeeded|Failed)\b/.test(present);
    return { alive: terminating || !ended, ready: /^Running, Ready\b/.test(present), terminating };
  }
  if (event === "created") return { alive: true, ready: false, terminating: false };
  if (event === "deleted") return GONE;
  if (event === "Ready") return { ...state, ready: true };
  if (event === "not Ready") return { ...state, ready: false };
  if (event === "Terminating") return { ...state, ready: false, terminating: true };
  if (event === "Succeeded" || event === "Failed") return { ...state, ready: false, alive: state.terminating };
  return state;
}
function disruptionFigures(timeline, fromMs, toMs) {
  const states = /* @__PURE__ */ new Map();
  const entries = [...timeline].sort((a, b) => a.atMs - b.atMs);
  const count = () => {
    let alive2 = 0;
    let ready = 0;
    for (const s of states.values()) {
      if (s.alive) alive2++;
      if (s.alive && s.ready) ready++;
    }
    return { alive: alive2, ready };
  };
  const figures = { maxConcurrentPods: 0, overlapMs: 0, downtimeMs: 0 };
  let at = fromMs;
  let now = count();
  const advance = (to) => {
    const end = Math.min(to, toMs);
    if (end > at) {
      if (now.alive >= 2) figures.overlapMs += end - at;
      if (now.ready === 0) figures.downtimeMs += end - at;
      at = end;
    }
  };
  for (let i = 0; i < entries.length; ) {
    const moment = entries[i].atMs;
    if (moment > fromMs) advance(moment);
    for (; i < entries.length && entries[i].atMs === moment; i++) {
      const e = entries[i];
      states.set(e.pod, next(states.get(e.pod) ?? GONE, e.event));
    }
    now = count();
    if (moment <= toMs) figures.maxConcurrentPods = Math.max(figures.maxConcurrentPods, now.alive);
  }
  advance(toMs);
  return figures;
}
function toSeconds(ms) {
  return Math.round(ms / 100) / 10;
}

// src/guard/drill.ts
function describeBudget(b) {
  const facts = [
    b.minAvailable !== void 0 && `minAvailable ${b.minAvailable}`,
    b.maxUnavailable !== void 0 && `maxUnavailable ${b.maxUnavailable}`,
    b.disruptionsAllowed !== void 0 && `${b.disruptionsAllowed} disruption${b.disruptionsAllowed === 1 ? "" : "s"} allowed`
  ].filter(Boolean);
  return `${b.name}${facts.length > 0 ? ` (${facts.join(", ")})` : ""}`;
}
function describeRefusedEviction(name, pod, refusal, budgets) {
  const by = budgets.length > 0 ? `by PodDisruptionBudget${budgets.length === 1 ? "" : "s"} ${budgets.map(describeBudget).join(", ")}` : `(${refusal.causes.length > 0 ? refusal.causes.join("; ") : refusal.message})`;
  const several = budgets.length > 1 ? ": the Eviction API refuses a pod under more than one budget; keep one" : "";
  return `${name}: the eviction of pod ${pod} was refused (HTTP ${refusal.status}) ${by}${several}; nothing was disrupted. A node drain waits on this budget the same way. To drill anyway, use action delete (a delete ignores budgets, as a node loss does); to let drains evict the bot, allow one disruption (maxUnavailable: 1)`;
}
async function readyPod(ctx, name, state, watch, deadline) {
  const refuse = (why) => {
    throw new RunFailure(`${name}: ${why}; nothing was disrupted`);
  };
  if (state.replicas !== 1) {
    refuse(`spec.replicas is ${state.replicas ?? "unset"}: a drill disrupts a singleton running at replicas: 1`);
  }
  await watch.until(() => true, deadline);
  if (watch.fatal) throw watch.fatal;
  const status = watch.status();
  if (status.status !== "ready") {
    const pods = watch.tracker.describePods(ctx.clock.now()).join("; ");
    return refuse(`a drill starts from exactly one Running and Ready pod and nothing else; pods: ${pods}`);
  }
  return status.pod;
}
function overlapAdvice(target) {
  return target.kind === "Deployment" ? "a Deployment starts the replacement of an evicted or deleted pod at once, beside the Terminating one (Recreate covers rollouts only): run the bot as a StatefulSet with replicas: 1, whose replacement waits until the old pod is gone" : "a StatefulSet starts the replacement only once the old pod is gone: look for a second controller or a force delete";
}
async function disrupt(ctx, target, pod, action) {
  const { cluster, io } = ctx;
  const name = describeTarget(target);
  if (action === "delete") {
    io.info(`${name}: drill: deleting pod ${pod.name} (graceful)`);
    await cluster.deletePod(target.namespace, pod.name);
    return;
  }
  io.info(`${name}: drill: evicting pod ${pod.name} (Eviction API, honouring PodDisruptionBudgets)`);
  const result = await cluster.evictPod(target.namespace, pod.name);
  if (!result.refused) return;
  const budgets = await cluster.disruptionBudgetsFor(target.namespace, pod.labels).catch((error) => {
    if (error instanceof ClusterError) return [];
    throw error;
  });
  throw new RunFailure(ctx.redact(describeRefusedEviction(name, pod.name, result.refused, budgets)));
}
async function drillWorkload(ctx, target) {
  const { cluster, clock, settings, io } = ctx;
  const name = describeTarget(target);
  const deadline = clock.now() + settings.timeoutMs;
  let state;
  try {
    state = await retryTransient(() => cluster.getWorkload(target), clock, deadline);
  } catch (error) {
    if (error instanceof ClusterError && error.kind === "not-found") {
      throw new RunFailure(
        `${name} not found: check the name, the namespace and the kubeconfig's cluster; nothing was disrupted`,
        { cause: error }
      );
    }
    throw error;
  }
  const prepared = startRolloutWatch(ctx, target, state);
  let disruptedAtMs;
  let pod;
  try {
    pod = await readyPod(ctx, name, state, prepared.watch, deadline);
    disruptedAtMs = clock.now() - prepared.startedAt;
    await disrupt(ctx, target, pod, settings.drillAction);
    prepared.release();
    await prepared.watch.until((w) => !w.livePods().some((p) => p.uid === pod.uid && !p.deletionTimestamp), deadline);
  } catch (error) {
    prepared.release();
    await prepared.watch.stop();
    throw error;
  }
  const verb = settings.drillAction === "evict" ? "evicted" : "deleted";
  const report = await guardRollout(ctx, target, {
    prepared,
    overlap: { during: `after the drill ${verb} ${pod.name}`, advice: overlapAdvice(target) }
  });
  const endMs = report.timelineEndMs ?? clock.now() - prepared.startedAt;
  const figures = disruptionFigures(report.timeline, disruptedAtMs, endMs);
  const marker = { atMs: disruptedAtMs, pod: pod.name, event: `drill: ${verb}` };
  const at = report.timeline.findIndex((e) => e.atMs > disruptedAtMs);
  report.timeline.splice(at === -1 ? report.timeline.length : at, 0, marker);
  report.disrupted = { pod: pod.name, action: settings.drillAction };
  report.overlapSeconds = toSeconds(figures.overlapMs);
  report.downtimeSeconds = toSeconds(figures.downtimeMs);
  io.info(
    `${name}: drill: most pods at once ${report.maxConcurrentPods}, two or more alive for ${formatDuration(figures.overlapMs)}, none Ready for ${formatDuration(figures.downtimeMs)}`
  );
  return report;
}

// src/modes/drill.ts
async function runDrill(ctx, targets) {
  const { cluster, clock, settings } = ctx;
  const workloads = resolveTargets(targets.refs, settings, cluster);
  await ensureAccess(cluster, requiredAccess(workloads, settings), clock, Math.min(5e3, settings.timeoutMs));
  const reports = [];
  for (const target of workloads) reports.push(await drillWorkload(ctx, target));
  return {
    applied: [],
    workloads: reports,
    result: reports.every((r) => r.verdict === "passed") ? "success" : "failure"
  };
}

// src/modes/run.ts
function defaultDeps() {
  return {
    async connect(settings, io, context) {
      const source = resolveKubeconfig({
        ...settings.kubeconfig !== void 0 ? { content: settings.kubeconfig } : {},
        ...io.secret ? { secret: (v) => io.secret?.(v) } : {}
      });
      try {
        const { createKubeCluster } = await import("./client-Y7IM7T3D.js");
        return {
          // No single request may outlast the run's timeout (a hung API server would hold it for minutes).
          cluster: createKubeCluster(source, {
            requestTimeoutMs: Math.min(3e4, settings.timeoutMs),
            ...context !== void 0 ? { context } : {}
          }),
          secrets: source.secrets,
          ...source.tempFile ? { kubeconfigFile: source.tempFile } : {},
          dispose: () => source.dispose()
        };
      } catch (error) {
        source.dispose();
        throw error;
      }
    },
    kubectl(options) {
      return {
        async apply(apply) {
          const { createKubectl } = await import("./kubectl-NMHW3RCU.js");
          return createKubectl(options).apply(apply);
        }
      };
    },
    async loadManifests(paths, options) {
      const manifests = await import("./load-BT6VUXAY.js");
      return manifests.loadManifests(paths, options);
    },
    clock: systemClock
  };
}
async function runGuard(settings, io, deps = defaultDeps()) {
  const mode = settings.mode;
  if (mode === "lint" || mode === "policy") throw new Error(`runGuard does not run ${mode} mode`);
  let redact = createRedactor([]);
  const safeIO = () => ({
    info: (line) => io.info(redact(line)),
    warning: (line) => io.warning(redact(line)),
    ...io.secret ? { secret: (v) => io.secret?.(v) } : {},
    ...io.stdin !== void 0 ? { stdin: io.stdin } : {},
    ...io.scope ? { scope: (s) => io.scope?.(s) } : {}
  });
  const targets = await readTargets(settings, io, deps);
  const unrendered = settings.mode === "deploy" && (targets.loaded?.renderFailures.length ?? 0) > 0;
  if (settings.mode === "deploy" && (settings.lint || unrendered) && targets.loaded) {
    const linted = lintLoaded(targets.loaded, settings.workloads, { policy: settings.policy });
    const findings = settings.lint ? linted.findings : linted.findings.filter((f) => f.rule === "render-error");
    const lint = lintResultOf(targets.loaded, { ...linted, findings });
    targets.lint = lint;
    io.lint?.(lint);
    const errors = lint.findings.filter((f) => f.severity === "error").length;
    if (errors > 0) return { lint, applied: [], workloads: [], result: "failure" };
  }
  if (targets.refs.length === 0) {
    io.warning(
      `no workload to guard: the manifests contain no Deployment, StatefulSet or CronJob (or all are disabled)`
    );
  }
  const connection = await deps.connect(settings, io);
  const others = [];
  try {
    for (const context of settings.contexts) {
      if (context === connection.cluster.context) continue;
      others.push({ context, connection: await deps.connect(settings, io, context) });
    }
    redact = createRedactor([...connection.secrets, ...others.flatMap((o) => o.connection.secrets)]);
    const ctx = {
      settings,
      io: safeIO(),
      redact,
      cluster: connection.cluster,
      clock: deps.clock,
      deps,
      ...connection.kubeconfigFile ? { kubeconfigFile: connection.kubeconfigFile } : {},
      ...others.length > 0 ? { otherContexts: others.map((o) => ({ context: o.context, cluster: o.connection.cluster })) } : {}
    };
    ctx.io.scope?.({
      mode,
      workloads: resolveTargets(targets.refs, settings, connection.cluster),
      ...connection.cluster.context !== void 0 ? { context: connection.cluster.context } : {}
    });
    const result = settings.mode === "deploy" ? await runDeploy(ctx, targets) : settings.mode === "verify" ? await runVerify(ctx, targets) : settings.mode === "drill" ? await runDrill(ctx, targets) : await runRemediate(ctx, targets);
    return redactResult(result, redact);
  } finally {
    for (const o of others) o.connection.dispose();
    connection.dispose();
  }
}
function redactResult(result, redact) {
  return {
    ...result,
    applied: result.applied.map(redact),
    workloads: result.workloads.map((w) => ({
      ...w,
      ...w.reason !== void 0 ? { reason: redact(w.reason) } : {},
      ...w.events ? { events: w.events.map(redact) } : {},
      changes: w.changes.map(redact),
      conflicts: w.conflicts.map((c) => ({ ...c, line: redact(c.line) })),
      timeline: w.timeline.map((e) => ({ ...e, event: redact(e.event) }))
    }))
  };
}
export {
  defaultDeps,
  redactResult,
  runGuard
};
