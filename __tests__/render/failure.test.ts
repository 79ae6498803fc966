import { after, before, describe, test } from 'node:test';
import { makeWorkspace, removeWorkspace, writeFiles } from '../helpers/workspace.ts';
import assert from 'node:assert/strict';
import path from 'node:path';
import { RenderError, renderFailureProblem } from '../../src/render/failure.ts';
import { makeTarget } from '../../src/load/targets.ts';

describe('renderFailureProblem: where a render failure goes and what to do next', () => {
  let dir: string;
  const write = (file: string, text: string) => writeFiles(dir, { [file]: text });
  before(() => {
    dir = makeWorkspace('failure');
    write('k8s/prod/kustomization.yaml', 'resources:\n  - ../base\n  - https://127.0.0.1:9/org/repo//base?ref=v1\n');
    write('k8s/base/kustomization.yaml', 'secretGenerator:\n  - name: bot\n    envs:\n      - secrets.env\n');
    write('charts/bot/Chart.yaml', 'apiVersion: v2\nname: quiz-bot\nversion: 0.1.0\n');
    write('charts/bot/templates/deployment.yaml', 'kind: Deployment\n');
  });
  after(() => removeWorkspace(dir));
  const prod = () => makeTarget(dir, path.join(dir, 'k8s/prod'), 'kustomize', 'kustomization.yaml');
  const chart = () => makeTarget(dir, path.join(dir, 'charts/bot'), 'helm', 'Chart.yaml');

  test("a generator's missing file: at the line of the kustomization that names it, paths relative, create it", async () => {
    const missing = path.join(dir, 'k8s/base/secrets.env');
    const error = new RenderError(
      prod(),
      `kubectl kustomize k8s/prod failed: loading KV pairs: env source files: [secrets.env]: evalsymlink failure on '${missing}' : lstat ${missing}: no such file or directory`,
    );
    const problem = await renderFailureProblem(error, dir);
    assert.equal(`${problem.file}:${problem.line}:${problem.column}`, 'k8s/base/kustomization.yaml:4:9');
    assert.match(
      problem.message,
      /lstat k8s\/base\/secrets\.env: no such file or directory; next: create k8s\/base\/secrets\.env: a generator reads it \(often gitignored/,
    );
  });

  test('an unreachable remote base: at its entry, naming the URL', async () => {
    const url = 'https://127.0.0.1:9/org/repo//base?ref=v1';
    const error = new RenderError(
      prod(),
      `kubectl kustomize k8s/prod failed: accumulating resources from '${url}': dial tcp 127.0.0.1:9: connect: connection refused`,
    );
    const problem = await renderFailureProblem(error, dir);
    assert.equal(`${problem.file}:${problem.line}:${problem.column}`, 'k8s/prod/kustomization.yaml:3:5');
    assert.match(
      problem.message,
      /; next: https:\/\/127\.0\.0\.1:9\/org\/repo\/\/base\?ref=v1 cannot be reached from here: check the URL and the network, or vendor it/,
    );
  });

  test('a render past its bound: at the remote entry the kustomization names, saying so', async () => {
    const error = new RenderError(
      prod(),
      'cannot render k8s/prod with kubectl kustomize: kubectl kustomize did not finish within 2 minutes',
      { timedOut: true },
    );
    const problem = await renderFailureProblem(error, dir);
    assert.equal(`${problem.file}:${problem.line}`, 'k8s/prod/kustomization.yaml:3');
    assert.match(
      problem.message,
      /did not finish within 2 minutes; next: a remote base or chart repository that does not answer\? check that https:\/\/127\.0\.0\.1:9\/org\/repo\/\/base\?ref=v1 is reachable/,
    );
  });

  test('a template error: at the template line (named from the chart name, not its folder); a schema: the values it needs', async () => {
    const template = await renderFailureProblem(
      new RenderError(
        chart(),
        'helm template charts/bot failed: template: quiz-bot/templates/deployment.yaml:1:3: executing "x" at <.Values.a.b>: nil pointer',
      ),
      dir,
    );
    assert.equal(`${template.file}:${template.line}:${template.column}`, 'charts/bot/templates/deployment.yaml:1:3');
    // Helm 4 names the failing template first, without `template: `; a nil pointer names the values it reads.
    const helm4 = await renderFailureProblem(
      new RenderError(
        chart(),
        'helm template charts/bot failed: quiz-bot/templates/deployment.yaml:1:5 executing "quiz-bot/templates/deployment.yaml" at <include "x" .>: error calling include: quiz-bot/templates/_helpers.tpl:68:19 executing "x" at <.Values.image.registry>: nil pointer evaluating interface {}.registry',
      ),
      dir,
    );
    assert.equal(`${helm4.file}:${helm4.line}:${helm4.column}`, 'charts/bot/templates/deployment.yaml:1:5');
    assert.match(helm4.message, /; next: give the values the template reads \(\.Values\.image\.registry\)/);
    // A template that includes a file the chart lacks (katago-server's gitignored templates/env/*.yaml): create it.
    const include = await renderFailureProblem(
      new RenderError(
        chart(),
        'helm template charts/bot failed: quiz-bot/templates/deployment.yaml:1:5 executing "quiz-bot/templates/deployment.yaml" at <include (print $.Template.BasePath "/env/bot_env.yaml") .>: error calling include: template: no template "quiz-bot/templates/env/bot_env.yaml" associated with template "gotpl"',
      ),
      dir,
    );
    assert.equal(`${include.file}:${include.line}`, 'charts/bot/templates/deployment.yaml:1');
    assert.match(
      include.message,
      /; next: create charts\/bot\/templates\/env\/bot_env\.yaml: the template includes it/,
    );
    const schema = await renderFailureProblem(
      new RenderError(
        chart(),
        "helm template charts/bot failed: values don't meet the specifications of the schema(s) in the following chart(s): quiz-bot: - (root): token is required",
      ),
      dir,
    );
    assert.equal(`${schema.file}:${schema.line}:${schema.column}`, 'charts/bot/Chart.yaml:1:1');
    assert.match(
      schema.message,
      /token is required; next: give the values charts\/bot\/values\.schema\.json requires \(helm-values: a values file, or helm-set: key=value\)$/,
    );
  });
});
