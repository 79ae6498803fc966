/**
 * Lint speed against yaml's own parse: lintManifests on 10,000 documents must take at most 1.5× the time of
 * `parseAllDocuments` + `toJS` on the same text. Prints both medians and the ratio. Run: npm run bench
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { lintManifests } from '../src/modes/lint.ts';
import { alternate } from './measure.ts';

const DOCUMENTS = 10_000;
const RUNS = 7;
const TARGET_RATIO = 1.5;

/** A realistic mix: bots (a third of them with findings), services, config maps, autoscalers, cron jobs. */
function generate(count: number): string {
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `bot-${i}`;
    switch (i % 5) {
      case 0:
      case 1:
        docs.push(`# Source: bots/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: games
  labels: {app: ${name}, tier: bot}
  annotations:
    description: "long-polling bot number ${i}"
spec:
  replicas: ${i % 3 === 0 ? 2 : 1}
  strategy:
    type: ${i % 3 === 1 ? 'RollingUpdate' : 'Recreate'}
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
        - name: bot
          image: ghcr.io/example/${name}:1.${i % 10}.0
          args: ["--poll", "--timeout=30"]
          env:
            - name: TOKEN
              valueFrom:
                secretKeyRef: {name: ${name}, key: token}
          resources:
            limits: {cpu: 100m, memory: 128Mi}
`);
        break;
      case 2:
        docs.push(`apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: games
spec:
  selector:
    app: ${name}
  ports:
    - name: metrics
      port: 9090
      targetPort: 9090
`);
        break;
      case 3:
        docs.push(`apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  namespace: games
data:
  settings.yaml: |
    mode: polling
    timeout: 30
    greeting: "hello from ${name}"
`);
        break;
      default:
        docs.push(
          i % 2 === 0
            ? `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${name}
  namespace: games
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: bot-${i - 4}}
  minReplicas: 1
  maxReplicas: ${i % 4 === 0 ? 3 : 1}
`
            : `apiVersion: batch/v1
kind: CronJob
metadata:
  name: ${name}
  namespace: games
spec:
  schedule: "*/5 * * * *"
  concurrencyPolicy: ${i % 3 === 0 ? 'Allow' : 'Forbid'}
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: job
              image: ghcr.io/example/${name}:1.0.0
`,
        );
    }
  }
  return docs.join('---\n');
}

const text = generate(DOCUMENTS);
const dir = mkdtempSync(path.join(tmpdir(), 'sg-bench-'));
const file = path.join(dir, 'manifests.yaml');
writeFileSync(file, text);

let baselineObjects = 0;
const baseline = (): void => {
  const docs = parseAllDocuments(text);
  baselineObjects = 0;
  for (const doc of docs) if (doc.toJS()) baselineObjects++;
};
let findings = 0;
const lint = async (): Promise<void> => {
  const result = await lintManifests({ paths: [file], cwd: dir, workloads: [] });
  findings = result.findings.length;
};

try {
  const { base, ours } = await alternate(baseline, lint, RUNS);
  const ratio = ours / base;
  const mb = (Buffer.byteLength(text) / 1024 / 1024).toFixed(1);
  console.log(`lint benchmark: ${DOCUMENTS} documents (${mb} MB), median of ${RUNS} runs`);
  console.log(`  yaml parseAllDocuments + toJS: ${base.toFixed(0)} ms (${baselineObjects} objects)`);
  console.log(`  lintManifests:                 ${ours.toFixed(0)} ms (${findings} findings)`);
  console.log(
    `  ratio: ${ratio.toFixed(2)}× (target ≤ ${TARGET_RATIO}×) ${ratio <= TARGET_RATIO ? 'OK' : 'OVER TARGET'}`,
  );
  // Not part of the target: --fix on the same file (rewrites the temporary copy, then lints it again).
  const start = performance.now();
  const fixed = await lintManifests({ paths: [file], cwd: dir, workloads: [], fix: true });
  const fixMs = (performance.now() - start).toFixed(0);
  console.log(
    `  lintManifests --fix:           ${fixMs} ms (${fixed.fixed.length} file rewritten, ${fixed.findings.length} findings left)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
