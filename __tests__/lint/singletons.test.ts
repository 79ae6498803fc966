import { describe, test } from 'node:test';
import { inWorkspace } from '../helpers/workspace.ts';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { lintManifests } from '../../src/modes/lint.ts';
import { parseWorkloadRef } from '../../src/core/workloads.ts';
import { formatLintText } from '../../src/report/text.ts';
import { formatLintJson } from '../../src/report/json.ts';
import { lintSummary } from '../../src/report/summary.ts';

function deployment(name: string, spec: string, labels = '', annotations = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${labels ? `  labels:\n${labels}` : ''}${annotations ? `  annotations:\n${annotations}` : ''}spec:
${spec}  selector:
    matchLabels: {app: ${name}}
`;
}

const SINGLETON = '    singleton-guard/singleton: "true"\n';
const RECREATE = '  strategy: {type: Recreate}\n';
const BOT = deployment('bot', '  replicas: 2\n');
const LABELLED_BOT = deployment('bot', '  replicas: 2\n', SINGLETON);
const API = deployment('api', '  replicas: 3\n');
const WEB = deployment('web', `  replicas: 1\n${RECREATE}`);
const WEB_HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 10
`;
const WEB_HPA_CAPPED = WEB_HPA.replace('maxReplicas: 10', 'maxReplicas: 1').replace('minReplicas: 2', 'minReplicas: 1');
const REDIS = `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: redis}
spec:
  replicas: 1
  serviceName: redis
  selector: {matchLabels: {app: redis}}
`;

interface SelectionCase {
  name: string;
  docs: string[];
  workloads?: string[];
  /** The workloads checked, `kind/name`. */
  checked: string[];
  /** The notice's workloads (`deployment/api`), in order; empty: no notice. */
  scalable: string[];
}

const join = (docs: string[]) => docs.join('---\n');

describe('which workloads are singletons', () => {
  const cases: SelectionCase[] = [
    {
      name: 'a one-bot repo needs no setup; at 2 replicas it looks scalable: a notice says how to mark it',
      docs: [BOT],
      checked: ['deployment/bot'],
      scalable: ['deployment/bot'],
    },
    {
      name: 'a one-bot repo at one replica: checked, nothing looks scalable',
      docs: [WEB],
      checked: ['deployment/web'],
      scalable: [],
    },
    {
      name: 'no label in a mixed repo: every workload, and a notice naming those that look scalable',
      docs: [WEB, WEB_HPA, API, REDIS],
      checked: ['deployment/web', 'deployment/api', 'statefulset/redis'],
      scalable: ['deployment/web', 'deployment/api'],
    },
    {
      name: 'an autoscaler capped at 1 does not make a workload look scalable',
      docs: [WEB, WEB_HPA_CAPPED],
      checked: ['deployment/web'],
      scalable: [],
    },
    {
      name: 'one labelled workload: only the labelled ones, no notice',
      docs: [LABELLED_BOT, WEB, WEB_HPA, API, REDIS],
      checked: ['deployment/bot'],
      scalable: [],
    },
    {
      name: 'a label with another value does not mark a singleton',
      docs: [deployment('bot', '  replicas: 1\n', '    singleton-guard/singleton: "false"\n'), API],
      checked: ['deployment/bot', 'deployment/api'],
      scalable: ['deployment/api'],
    },
    {
      name: 'named workloads win over labels',
      docs: [LABELLED_BOT, API, REDIS],
      workloads: ['statefulset/redis'],
      checked: ['statefulset/redis'],
      scalable: [],
    },
    {
      name: 'a labelled workload annotated enabled "false" is set aside',
      docs: [
        deployment('bot', '  replicas: 2\n', SINGLETON, '    singleton-guard/enabled: "false"\n'),
        deployment('relay', `  replicas: 1\n${RECREATE}`, SINGLETON),
        API,
      ],
      checked: ['deployment/relay'],
      scalable: [],
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const result = await lintManifests({
        paths: ['-'],
        stdin: join(c.docs),
        cwd: process.cwd(),
        workloads: (c.workloads ?? []).map(parseWorkloadRef),
      });
      assert.deepEqual(
        result.workloads.map((w) => `${w.kind.toLowerCase()}/${w.name}`),
        c.checked,
      );
      const notice = result.notices?.[0];
      if (c.scalable.length === 0) assert.equal(result.notices, undefined);
      else {
        assert.equal(result.notices?.length, 1);
        const named = [...(notice ?? '').matchAll(/(deployment|statefulset|cronjob)\/[a-z-]+(?=: )/g)].map((m) => m[0]);
        assert.deepEqual(named, c.scalable);
        assert.match(notice ?? '', /label the real singletons/);
      }
      // Findings are only ever about checked workloads (and their autoscalers).
      for (const f of result.findings) {
        if (f.kind === 'HorizontalPodAutoscaler') continue;
        assert.ok(c.checked.includes(`${f.kind?.toLowerCase()}/${f.name}`), `${f.rule} on ${f.kind}/${f.name}`);
      }
    });
  }

  test('the notice reaches every report: text, JSON and the job summary', async () => {
    const result = await lintManifests({
      paths: ['-'],
      stdin: join([WEB, WEB_HPA]),
      cwd: process.cwd(),
      workloads: [],
    });
    assert.match(
      formatLintText(result),
      /\nnote: 1 workload checked as a singleton looks scalable \(deployment\/web: horizontalpodautoscaler\/web targets it\): /,
    );
    assert.match((JSON.parse(formatLintJson(result)) as { notices: string[] }).notices[0] ?? '', /looks scalable/);
    assert.match(lintSummary(result), /ℹ️ 1 workload checked as a singleton looks scalable/);
  });
});

describe('--fix changes only singletons', () => {
  async function fixed(docs: string[], workloads: string[] = []) {
    return inWorkspace('select', { 'all.yaml': join(docs) }, async (dir) => {
      const result = await lintManifests({
        paths: ['all.yaml'],
        cwd: dir,
        workloads: workloads.map(parseWorkloadRef),
        fix: true,
      });
      return { result, text: readFileSync(path.join(dir, 'all.yaml'), 'utf8') };
    });
  }

  test('by default, a workload that looks scalable is judged but left alone, and the report says why', async () => {
    const bot = deployment('bot', '  replicas: 1\n');
    const { result, text } = await fixed([bot, API, WEB, WEB_HPA]);
    // The bot, a singleton with one replica, becomes a StatefulSet (singleton-disruption): no strategy to add.
    assert.equal(text, join([bot.replace('kind: Deployment', 'kind: StatefulSet'), API, WEB, WEB_HPA]));
    assert.deepEqual(result.fixed, ['all.yaml']);
    assert.deepEqual(result.notFixed, [
      {
        file: 'all.yaml',
        reason:
          'deployment/api (replicas: 3) looks scalable: label the singletons singleton-guard/singleton: "true" (or name them with --workload) and --fix changes those',
      },
    ]);
    assert.ok(result.findings.some((f) => f.name === 'api' && f.rule === 'singleton-replicas'));
  });

  test('a labelled workload is fixed even with replicas above 1; the others are neither judged nor touched', async () => {
    const { result, text } = await fixed([LABELLED_BOT, API, WEB, WEB_HPA]);
    assert.equal(
      text,
      join([deployment('bot', '  strategy:\n    type: Recreate\n  replicas: 1\n', SINGLETON), API, WEB, WEB_HPA]),
    );
    // With replicas 3 it was not judged for disruptions (it looked scalable); at 1 now, it is: a second --fix converts it.
    assert.deepEqual(
      result.findings.map((f) => [f.rule, f.severity, f.name]),
      [['singleton-disruption', 'warning', 'bot']],
    );
    assert.equal(result.notFixed, undefined);
  });

  test('a named workload is fixed even with replicas above 1', async () => {
    const { text } = await fixed([BOT, API], ['deployment/bot']);
    assert.equal(text, join([deployment('bot', '  strategy:\n    type: Recreate\n  replicas: 1\n'), API]));
  });

  test('a parked bot (replicas: 0) stays parked: a warning, never changed', async () => {
    const parked = deployment('bot', `  replicas: 0\n${RECREATE}`);
    const { result, text } = await fixed([parked]);
    assert.equal(text, parked);
    assert.deepEqual(result.fixed, []);
    assert.deepEqual(
      result.findings.map((f) => [f.rule, f.severity, f.line]),
      [['singleton-replicas', 'warning', 6]],
    );
  });
});
