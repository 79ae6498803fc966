import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { runRenderTool, toolMessage } from '../../src/render/command.ts';
import type { RenderContext, RenderTarget } from '../../src/render/types.ts';
import type { RunCommand } from '../../src/core/process.ts';

const TARGET: RenderTarget = {
  tool: 'kustomize',
  folder: '/repo/overlays/prod',
  name: 'overlays/prod',
  file: 'overlays/prod/kustomization.yaml',
  absoluteFile: '/repo/overlays/prod/kustomization.yaml',
};

describe('toolMessage', () => {
  it('kubectl 1.32: klog err=<…> over several lines, deprecation warnings left out', () => {
    const stderr = [
      "# Warning: 'patchesJson6902' is deprecated. Please use 'patches' instead.",
      'E1203 08:02:33.820103   16940 run.go:72] "command failed" err=<',
      '\ttrouble configuring builtin PatchTransformer with config: `',
      '\tpath: missing.yaml',
      '\t`: failed to get the patch file from path(missing.yaml): lstat /r/missing.yaml: no such file or directory',
      ' >',
      '',
    ].join('\n');
    assert.equal(
      toolMessage(stderr),
      'trouble configuring builtin PatchTransformer with config: ` path: missing.yaml `: failed to get the patch file from path(missing.yaml): lstat /r/missing.yaml: no such file or directory',
    );
  });

  it('kubectl 1.32: klog err="…" on one line, escapes undone', () => {
    assert.equal(
      toolMessage(
        'E1203 07:23:00.604373   11878 run.go:72] "command failed" err="accumulating resources: \\"x\\" is bad"\n',
      ),
      'accumulating resources: "x" is bad',
    );
  });

  it('kubectl 1.36 and kustomize: error: and its continuation lines are one message; stdout when stderr is empty', () => {
    assert.equal(
      toolMessage('error: trouble with config: `\n path: a.yaml\n`: no such file\n'),
      'trouble with config: ` path: a.yaml `: no such file',
    );
    assert.equal(
      toolMessage('', 'Error: invalid Kustomization: json: unknown field "resourcez"\n'),
      'invalid Kustomization: json: unknown field "resourcez"',
    );
    assert.equal(toolMessage('first\nsecond\n'), 'first; second');
    assert.equal(toolMessage(`${'x'.repeat(700)}\n`).length, 601);
  });
});

describe('runRenderTool', () => {
  const context = (run: RunCommand): RenderContext => ({
    cwd: '/repo',
    run,
    settings: { kubectl: 'kubectl', helm: 'helm', helmValues: [], helmSet: [] },
  });
  const tool = { label: 'kubectl kustomize', input: 'kubectl' };

  it('returns the output; a non-zero exit without output names the exit code', async () => {
    const ok: RunCommand = async () => ({ exitCode: 0, stdout: 'kind: X\n', stderr: '' });
    assert.equal((await runRenderTool(context(ok), TARGET, tool, 'kubectl', ['kustomize', '.'])).stdout, 'kind: X\n');
    const silent: RunCommand = async () => ({ exitCode: 3, stdout: '', stderr: '' });
    // The tool ran and refused this target: that target's render-error finding, not the end of the run.
    await assert.rejects(runRenderTool(context(silent), TARGET, tool, 'kubectl', []), {
      name: 'RenderError',
      message: 'kubectl kustomize overlays/prod failed: exit code 3',
    });
  });

  it('a command that cannot start for another reason is one line too', async () => {
    const broken: RunCommand = async () => {
      throw Object.assign(new Error('spawn kubectl EACCES\nmore'), { code: 'EACCES' });
    };
    await assert.rejects(runRenderTool(context(broken), TARGET, tool, 'kubectl', []), {
      name: 'RenderError',
      message: 'cannot render overlays/prod with kubectl kustomize: spawn kubectl EACCES',
    });
  });
});

describe('the Kustomize command', () => {
  it('kubectl kustomize by default; kustomize build when a kustomize binary is given', async () => {
    const { kustomizeCommand, wrapperKustomization } = await import('../../src/render/kustomize.ts');
    const settings = { kubectl: '/opt/kubectl', helm: 'helm', helmValues: [], helmSet: [] };
    assert.deepEqual(kustomizeCommand(settings, '/tmp/w'), {
      command: '/opt/kubectl',
      args: ['kustomize', '/tmp/w'],
      tool: { label: 'kubectl kustomize', input: 'kubectl' },
    });
    assert.deepEqual(kustomizeCommand({ ...settings, kustomize: 'kustomize' }, '/tmp/w'), {
      command: 'kustomize',
      args: ['build', '/tmp/w'],
      tool: { label: 'kustomize build', input: 'kustomize' },
    });
    assert.equal(
      wrapperKustomization('../../repo/overlays/prod'),
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - "../../repo/overlays/prod"\nbuildMetadata: [originAnnotations, transformerAnnotations]\n',
    );
  });
});
