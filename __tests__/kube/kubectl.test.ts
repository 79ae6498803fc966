import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/core/errors.ts';
import { applyArgs, createKubectl, withoutPatchQuotes, type RunCommand } from '../../src/kube/kubectl.ts';
import { redactSecrets } from '../../src/core/redact.ts';

const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1';

describe('kubectl apply', () => {
  it('builds the arguments: files, namespace, server-side with a field manager, kubeconfig', () => {
    assert.deepEqual(applyArgs(['a.yaml', 'b.yaml'], { serverSide: false, fieldManager: 'x' }), [
      'apply',
      '-f',
      'a.yaml',
      '-f',
      'b.yaml',
    ]);
    assert.deepEqual(
      applyArgs(
        ['a.yaml'],
        { namespace: 'games', serverSide: true, fieldManager: 'singleton-deploy-guard' },
        '/tmp/kc',
      ),
      [
        'apply',
        '-f',
        'a.yaml',
        '-n',
        'games',
        '--server-side',
        '--field-manager=singleton-deploy-guard',
        '--kubeconfig=/tmp/kc',
      ],
    );
    assert.deepEqual(applyArgs(['a.yaml'], { serverSide: false, fieldManager: 'x', requestTimeoutSeconds: 30 }), [
      'apply',
      '-f',
      'a.yaml',
      '--request-timeout=30s',
    ]);
  });

  it('applies a Kustomize folder with -k (kubectl takes -f or -k, not both)', async () => {
    assert.deepEqual(
      applyArgs([], { kustomization: '/repo/overlays/prod', namespace: 'games', serverSide: true, fieldManager: 'x' }),
      ['apply', '-k', '/repo/overlays/prod', '-n', 'games', '--server-side', '--field-manager=x'],
    );
    const seen: string[][] = [];
    const run: RunCommand = async (_command, args) => {
      seen.push(args);
      return { exitCode: 0, stdout: 'deployment.apps/quiz-bot created\n', stderr: '' };
    };
    const kubectl = createKubectl({ path: 'kubectl', redact: (t) => t, run });
    assert.deepEqual(
      await kubectl.apply({ files: [], kustomization: '/repo/o', serverSide: false, fieldManager: 'x' }),
      ['deployment.apps/quiz-bot created'],
    );
    assert.deepEqual(seen, [['apply', '-k', '/repo/o']]);
    await assert.rejects(
      kubectl.apply({ files: ['a.yaml'], kustomization: '/repo/o', serverSide: false, fieldManager: 'x' }),
      /manifest files or a Kustomize folder, not both/,
    );
  });

  it('returns the output lines redacted, and writes standard input to a temporary file removed afterwards', async () => {
    let seenFile = '';
    let seenText = '';
    const run: RunCommand = async (command, args) => {
      assert.equal(command, '/usr/local/bin/kubectl');
      seenFile = args[args.indexOf('-f') + 1] ?? '';
      seenText = readFileSync(seenFile, 'utf8');
      return {
        exitCode: 0,
        stdout: `deployment.apps/quiz-bot configured\nsecret/bot-token created (${TOKEN})\n\n`,
        stderr: '',
      };
    };
    const kubectl = createKubectl({ path: '/usr/local/bin/kubectl', redact: redactSecrets, run });
    const lines = await kubectl.apply({ files: [], stdin: 'kind: Deployment\n', serverSide: false, fieldManager: 'x' });
    assert.equal(seenText, 'kind: Deployment\n');
    assert.equal(existsSync(seenFile), false, 'temporary file removed');
    assert.deepEqual(lines, ['deployment.apps/quiz-bot configured', 'secret/bot-token created (123456789:<redacted>)']);
  });

  it("passes on what kubectl printed on standard error when the apply succeeded (the API server's warnings), redacted", async () => {
    const run: RunCommand = async () => ({
      exitCode: 0,
      stdout: 'deployment.apps/quiz-bot configured\n',
      stderr: `Warning: Validation failed for ValidatingAdmissionPolicy 'singleton-guard' with binding 'singleton-guard': singleton-guard rule singleton-replicas: deployment/quiz-bot in games has replicas: 2\nWarning: token ${TOKEN} seen\n\n`,
    });
    const warnings: string[] = [];
    const kubectl = createKubectl({ path: 'kubectl', redact: redactSecrets, run, warning: (l) => warnings.push(l) });
    const lines = await kubectl.apply({ files: ['bot.yaml'], serverSide: false, fieldManager: 'x' });
    assert.deepEqual(lines, ['deployment.apps/quiz-bot configured']);
    assert.deepEqual(warnings, [
      "Warning: Validation failed for ValidatingAdmissionPolicy 'singleton-guard' with binding 'singleton-guard': singleton-guard rule singleton-replicas: deployment/quiz-bot in games has replicas: 2",
      'Warning: token 123456789:<redacted> seen',
    ]);
  });

  it('passes on each standard-output line as kubectl prints it, redacted, before it exits', async () => {
    const events: string[] = [];
    const run: RunCommand = async (_command, _args, options) => {
      options.onLine?.('deployment.apps/quiz-bot configured', 'stdout');
      options.onLine?.(`secret/bot-${TOKEN} created`, 'stdout');
      options.onLine?.('Warning: deprecated', 'stderr');
      options.onLine?.('', 'stdout');
      events.push('exited');
      return {
        exitCode: 0,
        stdout: `deployment.apps/quiz-bot configured\nsecret/bot-${TOKEN} created\n\n`,
        stderr: 'Warning: deprecated\n',
      };
    };
    const kubectl = createKubectl({
      path: 'kubectl',
      redact: redactSecrets,
      run,
      warning: (l) => events.push(`w ${l}`),
    });
    const lines = await kubectl.apply({
      files: ['bot.yaml'],
      serverSide: false,
      fieldManager: 'x',
      onLine: (l) => events.push(`line ${l}`),
    });
    assert.deepEqual(events, [
      'line deployment.apps/quiz-bot configured',
      'line secret/bot-123456789:<redacted> created',
      'exited',
      'w Warning: deprecated',
    ]);
    assert.deepEqual(lines, ['deployment.apps/quiz-bot configured', 'secret/bot-123456789:<redacted> created']);
  });

  it('gives the lines to onLine after the exit when the runner does not stream', async () => {
    const run: RunCommand = async () => ({ exitCode: 0, stdout: 'deployment.apps/quiz-bot created\n', stderr: '' });
    const printed: string[] = [];
    const kubectl = createKubectl({ path: 'kubectl', redact: redactSecrets, run });
    await kubectl.apply({ files: ['bot.yaml'], serverSide: false, fieldManager: 'x', onLine: (l) => printed.push(l) });
    assert.deepEqual(printed, ['deployment.apps/quiz-bot created']);
  });

  it("fails with kubectl's error on one line", async () => {
    const run: RunCommand = async () => ({
      exitCode: 1,
      stdout: '',
      stderr: 'error: error validating "bot.yaml": error validating data: unknown field "replica"\nsee --validate\n',
    });
    const kubectl = createKubectl({ path: 'kubectl', redact: redactSecrets, run });
    await assert.rejects(
      kubectl.apply({ files: ['bot.yaml'], serverSide: false, fieldManager: 'x' }),
      (e: unknown) =>
        e instanceof Error &&
        e.message ===
          'kubectl apply failed: error: error validating "bot.yaml": error validating data: unknown field "replica"; see --validate',
    );
  });

  it("leaves out kubectl's copy of a refused patch (a Secret's data in the last-applied configuration): the reason and file stay", async () => {
    const patch = JSON.stringify({
      metadata: {
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: 'bot', namespace: 'games' },
            data: { token: 'c2VjcmV0LXRoYXQtaXMtbm90LWEtYm90LXRva2Vu' },
          }),
        },
      },
      data: { token: 'c2VjcmV0LXRoYXQtaXMtbm90LWEtYm90LXRva2Vu' },
    });
    const run: RunCommand = async () => ({
      exitCode: 1,
      stdout: 'deployment.apps/quiz-bot configured\n',
      stderr: [
        'Error from server (Forbidden): error when applying patch:',
        patch,
        'to:',
        'Resource: "/v1, Resource=secrets", GroupVersionKind: "/v1, Kind=Secret"',
        'Name: "bot", Namespace: "games"',
        'for: "k8s/secret.yaml": error when patching "k8s/secret.yaml": secrets "bot" is forbidden: denied by a webhook',
        'Error from server (Forbidden): error when creating "k8s/hpa.yaml": horizontalpodautoscalers.autoscaling "bot" is forbidden: no',
        '',
      ].join('\n'),
    });
    const kubectl = createKubectl({ path: 'kubectl', redact: redactSecrets, run });
    await assert.rejects(kubectl.apply({ files: ['k8s'], serverSide: false, fieldManager: 'x' }), {
      message:
        'kubectl apply failed: Error from server (Forbidden): secrets "bot" is forbidden: denied by a webhook (k8s/secret.yaml); Error from server (Forbidden): error when creating "k8s/hpa.yaml": horizontalpodautoscalers.autoscaling "bot" is forbidden: no',
    });
    assert.deepEqual(withoutPatchQuotes(['Error from server (Conflict): error when applying patch:', '{"spec":{}}']), [
      "Error from server (Conflict): error when applying patch (kubectl's copy of the patch left out)",
    ]);
  });

  it('says when kubectl is not installed', async () => {
    const run: RunCommand = async () => {
      throw Object.assign(new Error('Unable to locate executable file: kubectl'), { code: 'ENOENT' });
    };
    const kubectl = createKubectl({ path: 'kubectl', redact: redactSecrets, run });
    await assert.rejects(
      kubectl.apply({ files: ['bot.yaml'], serverSide: false, fieldManager: 'x' }),
      (e: unknown) =>
        e instanceof UsageError &&
        /kubectl not found at "kubectl": install kubectl or set the kubectl input/.test(e.message),
    );
  });

  it('runs a real command through core/process.ts, silently', async () => {
    const kubectl = createKubectl({ path: process.execPath, redact: redactSecrets });
    // node -e is not kubectl, but it shows the plumbing: arguments in, exit code and stderr out.
    await assert.rejects(
      kubectl.apply({ files: ['x.yaml'], serverSide: false, fieldManager: 'x' }),
      /kubectl apply failed: /,
    );
    const missing = createKubectl({ path: '/nonexistent/kubectl', redact: redactSecrets });
    await assert.rejects(
      missing.apply({ files: ['x.yaml'], serverSide: false, fieldManager: 'x' }),
      /kubectl not found at "\/nonexistent\/kubectl"/,
    );
  });
});
