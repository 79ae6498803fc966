import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bindHelmInputs } from '../../src/render/helm-inputs.ts';
import { parseHelmInputs, splitChartPrefix } from '../../src/settings/helm-inputs.ts';
import type { RenderTarget } from '../../src/render/types.ts';

const chart = (name: string): RenderTarget => ({
  tool: 'helm',
  folder: `/repo/${name}`,
  name,
  file: `${name}/Chart.yaml`,
  absoluteFile: `/repo/${name}/Chart.yaml`,
});
const BOT = chart('charts/bot');
const API = chart('charts/api');
/** The files that exist, for the existence check. */
const existing =
  (...files: string[]) =>
  (file: string) =>
    files.includes(file);

describe('splitChartPrefix', () => {
  test('CHART:ITEM; a drive letter, a URL, a --set value with a colon are not charts', () => {
    assert.deepEqual(splitChartPrefix('charts/bot:values-prod.yaml'), {
      chart: 'charts/bot',
      rest: 'values-prod.yaml',
    });
    assert.deepEqual(splitChartPrefix('values.yaml'), { rest: 'values.yaml' });
    assert.deepEqual(splitChartPrefix('C:\\values.yaml'), { rest: 'C:\\values.yaml' });
    assert.deepEqual(splitChartPrefix('https://example.test/v.yaml'), { rest: 'https://example.test/v.yaml' });
    assert.deepEqual(splitChartPrefix('image=repo:tag'), { rest: 'image=repo:tag' });
    assert.deepEqual(splitChartPrefix(':x'), { rest: ':x' });
  });
});

describe('bindHelmInputs', () => {
  const inputs = (values: string[], set: string[] = []) => parseHelmInputs(values, set, '/repo');

  test('named items go to their chart only, in the order given', () => {
    const bound = bindHelmInputs(
      [BOT, API],
      inputs(['charts/bot:values-prod.yaml', 'charts/api:api.yaml', 'charts/bot:more.yaml'], ['charts/api:a=1']),
      '/repo',
      existing('/repo/values-prod.yaml', '/repo/api.yaml', '/repo/more.yaml'),
    );
    assert.deepEqual(bound.get(BOT), { valuesFiles: ['/repo/values-prod.yaml', '/repo/more.yaml'], set: [] });
    assert.deepEqual(bound.get(API), { valuesFiles: ['/repo/api.yaml'], set: ['a=1'] });
  });

  test('unnamed items go to the only chart; with several charts or none, a usage error naming them', () => {
    const exists = existing('/repo/values.yaml');
    const one = bindHelmInputs([BOT], inputs(['values.yaml'], ['a=1']), '/repo', exists);
    assert.deepEqual(one.get(BOT), { valuesFiles: ['/repo/values.yaml'], set: ['a=1'] });
    assert.throws(() => bindHelmInputs([BOT, API], inputs(['values.yaml']), '/repo', exists), {
      name: 'UsageError',
      message:
        'input "helm-values": "values.yaml" names no chart, and 2 charts are rendered (charts/bot, charts/api): write CHART:FILE, e.g. charts/bot:values.yaml',
    });
    assert.throws(() => bindHelmInputs([BOT, API], inputs([], ['a=1']), '/repo', exists), {
      message:
        'input "helm-set": "a=1" names no chart, and 2 charts are rendered (charts/bot, charts/api): write CHART:KEY=VALUE, e.g. charts/bot:a=1',
    });
    assert.throws(() => bindHelmInputs([], inputs(['values.yaml']), '/repo', exists), {
      message: 'input "helm-values": "values.yaml" is for a Helm chart, but no chart is among the manifests',
    });
    // Nothing given: nothing to bind, whatever the charts.
    assert.deepEqual(bindHelmInputs([], inputs([]), '/repo', exists).size, 0);
  });

  test('a values file that does not exist, or a chart that is not in the run: a usage error', () => {
    assert.throws(() => bindHelmInputs([BOT], inputs(['values-prod.yaml']), '/repo', existing()), {
      name: 'UsageError',
      message: 'input "helm-values": values-prod.yaml does not exist',
    });
    // Named from the working directory like helm --values; the chart's own file is suggested when it is there.
    assert.throws(
      () =>
        bindHelmInputs(
          [BOT],
          inputs(['charts/bot:values-prod.yaml']),
          '/repo',
          existing('/repo/charts/bot/values-prod.yaml'),
        ),
      {
        message:
          'input "helm-values": values-prod.yaml does not exist (a values file is named from the working directory, like helm --values: did you mean charts/bot:charts/bot/values-prod.yaml?)',
      },
    );
    assert.throws(() => bindHelmInputs([BOT], inputs(['charts/web:v.yaml']), '/repo', existing('/repo/v.yaml')), {
      message:
        'input "helm-values": "charts/web:v.yaml" is for charts/web, which is not a chart of this run (charts: charts/bot)',
    });
  });
});
