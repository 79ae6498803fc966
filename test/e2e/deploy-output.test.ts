/**
 * What a person sees of `singleton-guard deploy` in a terminal, on the real control plane: standard output and standard
 * error in one pipe (as a terminal shows them), in the order things happen — lint, the apply's own output, the pod
 * events it causes, the verdict — each said once: the conflict line cut in its progress line, whole in the result.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { botManifest, KUBECTL, newNamespace, writeManifests } from './guard-harness.ts';
import { runProcess } from './process.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TOKEN = '123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1';
const CONFLICT = `error: [polling_error] ETELEGRAM: 409 Conflict: terminated by other getUpdates request; make sure that only one bot instance is running (POST https://api.telegram.org/bot${TOKEN}/getUpdates)`;
const SHOWN = CONFLICT.replace(TOKEN, '123456789:<redacted>');

/** The CLI from source, its standard error joined to its standard output in one pipe: the order a terminal shows. */
async function deployInTerminalOrder(dir: string, args: string[]): Promise<{ code: number | null; lines: string[] }> {
  const cli = [process.execPath, path.join(ROOT, 'src/cli.ts'), 'deploy', 'bot.yaml', '--kubectl', KUBECTL, ...args];
  const quoted = cli.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const run = await runProcess('bash', ['-c', `${quoted} 2>&1`], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1' },
    timeoutMs: 120_000,
  });
  return { code: run.code, lines: run.stdout.split('\n') };
}

/** The index of the first line matching, failing with the whole output when there is none. */
function indexOf(lines: string[], pattern: RegExp): number {
  const i = lines.findIndex((l) => pattern.test(l));
  assert.ok(i >= 0, `no line matches ${pattern}:\n${lines.join('\n')}`);
  return i;
}

describe('deploy output in a terminal (e2e)', () => {
  let ns: string;
  let cleanup: () => Promise<void>;
  before(async () => {
    ({ name: ns, cleanup } = await newNamespace('sdg-output'));
  });
  after(() => cleanup());

  it('lint, then kubectl’s lines, then the pod events, then the verdict; each conflict line once', async () => {
    const first = writeManifests(botManifest({ namespace: ns, name: 'talk-bot', logs: ['polling'], grace: 2 }));
    const created = await deployInTerminalOrder(first, ['--settle', '1s']);
    assert.equal(created.code, 0, created.lines.join('\n'));
    const oldPod = /^(talk-bot-\S+) is the only pod/.exec(created.lines.find((l) => /is the only pod/.test(l)) ?? '');
    assert.ok(oldPod, created.lines.join('\n'));

    // The update logs a 409 twice, 3 s apart: past a 1s handover window, an outside poller.
    const second = writeManifests(
      botManifest({
        namespace: ns,
        name: 'talk-bot',
        image: 'ghcr.io/example/quiz-bot:2.0.0',
        logs: ['polling', CONFLICT, `@+3s ${CONFLICT}`],
        grace: 2,
      }),
    );
    const { code, lines } = await deployInTerminalOrder(second, ['--settle', '5s', '--handover-window', '1s']);
    const text = lines.join('\n');
    assert.equal(code, 1, text);

    const lint = indexOf(lines, /^1 problem \(0 errors, 1 warning\) in 1 file; 1 file, 1 singleton workload checked$/);
    const header = indexOf(lines, new RegExp(`^deploying deployment/talk-bot in namespace ${ns}( \\(context .*\\))?$`));
    const applying = indexOf(lines, /^applying 1 manifest file with kubectl$/);
    const configured = indexOf(lines, /^deployment\.apps\/talk-bot configured$/);
    const waiting = indexOf(lines, /^waiting for exactly one Running and Ready pod of the new revision/);
    const terminating = indexOf(lines, new RegExp(`^${oldPod[1]} Terminating`));
    const revision = indexOf(lines, /^revision [a-z0-9]+$/);
    const newPod = indexOf(lines, new RegExp(`^(?!${oldPod[1]} )talk-bot-\\S+ (Pending|Running)`));
    const seen = indexOf(lines, /^conflict line in talk-bot-/);
    const verdict = indexOf(lines, /^failed \(pod talk-bot-/);
    const result = indexOf(lines, new RegExp(`^deployment/talk-bot in ${ns}: failed$`));
    const order = { lint, header, applying, configured, waiting, terminating, revision, newPod, seen, verdict, result };
    const names = Object.keys(order);
    const at = Object.values(order);
    for (let i = 1; i < at.length; i++) {
      assert.ok((at[i - 1] as number) < (at[i] as number), `${names[i - 1]} before ${names[i]}:\n${text}`);
    }
    assert.ok(
      lines.every((l) => !l.includes(KUBECTL)),
      `kubectl's path is not printed:\n${text}`,
    );
    assert.ok(!text.includes(TOKEN), 'the token is redacted');
    // The namespace is said in the header and the result, not before every progress line.
    assert.equal(lines.filter((l) => l.includes(`in ${ns}:`)).length, 1, text);

    // Two conflicts: each cut once in its progress line, each whole once in the result, nowhere else.
    const progress = lines.filter((l) => l.startsWith('conflict line in '));
    assert.equal(progress.length, 2, text);
    for (const l of progress) {
      assert.ok(l.length <= 260 && l.includes('…'), `cut to a readable width: ${l}`);
      assert.ok(!l.includes(SHOWN), l);
    }
    assert.equal(text.split(SHOWN).length - 1, 2, `the whole line once per conflict, in the result:\n${text}`);
    assert.ok(lines.filter((l) => l.includes(SHOWN)).every((l) => l.startsWith('  conflict (outside, getUpdates')));
    assert.match(text, /^ {2}reason: outside conflict in pod talk-bot-\S+ \(container bot\): see the conflict lines$/m);
  });
});
