/**
 * Lint speed on a Helm-rendered corpus, against the same bound as bench/lint.bench.ts: a chart that renders 10,000
 * documents (the same mix: bots — a third with findings, mapped back to a values key —, services, config maps,
 * autoscalers, cron jobs) is rendered once by the real helm, and lintManifests on that render (findings placed at their
 * source: values file or template line) must take at most 1.5× yaml's own parseAllDocuments + toJS of the same text.
 * `helm template`'s own time is measured and printed apart: it is Helm's cost, not the lint's.
 * Needs helm on PATH (or SDG_HELM=path). Run: npm run bench:helm
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { lintManifests } from '../src/modes/lint.ts';
import type { RunCommand } from '../src/core/process.ts';
import { alternate, median } from './measure.ts';

const DOCUMENTS = 10_000;
const RUNS = 7;
const TARGET_RATIO = 1.5;
const HELM = process.env.SDG_HELM ?? 'helm';

/** Ten thousand documents from five templates, each a `range` over its share (the same mix as lint.bench.ts). */
function writeChart(dir: string): void {
  const per = DOCUMENTS / 5;
  mkdirSync(path.join(dir, 'templates'), { recursive: true });
  writeFileSync(path.join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: bots\nversion: 0.1.0\n');
  // Two fifths are bots: a third of them "busy", with two replicas and RollingUpdate (both findings).
  const busy = Math.round((per * 2) / 3);
  writeFileSync(
    path.join(dir, 'values.yaml'),
    `count: ${per}\nbots: ${per * 2 - busy}\nbusyBots: ${busy}\nreplicaCount: 1\nstrategy:\n  type: Recreate\nbusyReplicas: 2\nbusyStrategy:\n  type: RollingUpdate\n`,
  );
  const bot = (
    name: string,
    count: string,
    replicas: string,
    strategy: string,
  ) => `{{- range $i := until (int .Values.${count}) }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}-{{ $i }}
  namespace: games
  labels: {app: ${name}-{{ $i }}, tier: bot}
  annotations:
    description: "long-polling bot number {{ $i }}"
spec:
  replicas: ${replicas}
  strategy: ${strategy}
  selector:
    matchLabels:
      app: ${name}-{{ $i }}
  template:
    metadata:
      labels:
        app: ${name}-{{ $i }}
    spec:
      containers:
        - name: bot
          image: ghcr.io/example/${name}-{{ $i }}:1.{{ mod $i 10 }}.0
          args: ["--poll", "--timeout=30"]
          env:
            - name: TOKEN
              valueFrom:
                secretKeyRef: {name: ${name}-{{ $i }}, key: token}
          resources:
            limits: {cpu: 100m, memory: 128Mi}
{{- end }}
`;
  writeFileSync(
    path.join(dir, 'templates/bots.yaml'),
    bot('bot', 'bots', '{{ $.Values.replicaCount }}', '{{- toYaml $.Values.strategy | nindent 4 }}'),
  );
  writeFileSync(
    path.join(dir, 'templates/busy-bots.yaml'),
    bot('busy', 'busyBots', '{{ $.Values.busyReplicas }}', '{{- toYaml $.Values.busyStrategy | nindent 4 }}'),
  );
  writeFileSync(
    path.join(dir, 'templates/services.yaml'),
    `{{- range $i := until (int .Values.count) }}
---
apiVersion: v1
kind: Service
metadata:
  name: svc-{{ $i }}
  namespace: games
spec:
  selector:
    app: bot-{{ $i }}
  ports:
    - name: metrics
      port: 9090
      targetPort: 9090
{{- end }}
`,
  );
  writeFileSync(
    path.join(dir, 'templates/configmaps.yaml'),
    `{{- range $i := until (int .Values.count) }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm-{{ $i }}
  namespace: games
data:
  settings.yaml: |
    mode: polling
    timeout: 30
    greeting: "hello from {{ $i }}"
{{- end }}
`,
  );
  writeFileSync(
    path.join(dir, 'templates/scalers.yaml'),
    `{{- range $i := until (int .Values.count) }}
{{- if eq (mod $i 2) 0 }}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: hpa-{{ $i }}
  namespace: games
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: bot-{{ $i }}}
  minReplicas: 1
  maxReplicas: 1
{{- else }}
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: job-{{ $i }}
  namespace: games
spec:
  schedule: "*/5 * * * *"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: job
              image: ghcr.io/example/job-{{ $i }}:1.0.0
{{- end }}
{{- end }}
`,
  );
}

function helmTemplate(chart: string): { stdout: string; ms: number } {
  const start = performance.now();
  const run = spawnSync(HELM, ['template', 'bots', chart], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const ms = performance.now() - start;
  if (run.error || run.status !== 0) {
    const why = run.error ? run.error.message : (run.stderr.trim().split('\n').at(-1) ?? `exit ${run.status}`);
    console.error(`helm bench: cannot run ${HELM} template (${why}): install helm or set SDG_HELM`);
    process.exit(2);
  }
  return { stdout: run.stdout, ms };
}

const dir = mkdtempSync(path.join(tmpdir(), 'sg-bench-helm-'));
const chart = path.join(dir, 'bots');
try {
  writeChart(chart);
  const renderTimes: number[] = [];
  let text = '';
  for (let run = 0; run < 3; run++) {
    const rendered = helmTemplate(chart);
    renderTimes.push(rendered.ms);
    text = rendered.stdout;
  }
  // The lint runs on that render: the same text each time, so the figure is the lint's alone.
  const replay: RunCommand = async () => ({ exitCode: 0, stdout: text, stderr: '' });

  let baselineObjects = 0;
  const baseline = (): void => {
    baselineObjects = 0;
    for (const doc of parseAllDocuments(text)) if (doc.toJS()) baselineObjects++;
  };
  let findings = 0;
  let placed = '';
  const lint = async (): Promise<void> => {
    const result = await lintManifests({
      paths: ['bots'],
      cwd: dir,
      workloads: [],
      render: { run: replay, settings: { kubectl: 'kubectl', helm: HELM, helmValues: [], helmSet: [] } },
    });
    findings = result.findings.length;
    const files = new Set(result.findings.map((f) => `${f.file}:${f.line}`));
    placed = [...files].sort().join(', ');
  };

  const { base, ours } = await alternate(baseline, lint, RUNS);
  const ratio = ours / base;
  const mb = (Buffer.byteLength(text) / 1024 / 1024).toFixed(1);
  console.log(`helm lint benchmark: a chart rendering ${baselineObjects} documents (${mb} MB), median of ${RUNS} runs`);
  console.log(`  helm template (Helm's time, apart): ${median(renderTimes).toFixed(0)} ms (median of 3)`);
  console.log(`  yaml parseAllDocuments + toJS:     ${base.toFixed(0)} ms`);
  console.log(`  lintManifests on the render:       ${ours.toFixed(0)} ms (${findings} findings, at ${placed})`);
  console.log(
    `  ratio: ${ratio.toFixed(2)}× (target ≤ ${TARGET_RATIO}×) ${ratio <= TARGET_RATIO ? 'OK' : 'OVER TARGET'}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
