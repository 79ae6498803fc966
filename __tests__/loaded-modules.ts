import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Node flags and environment that make a child process record every module it loads (ES modules and require alike),
 * one URL per line, through a synchronous module hook. `read()` returns them after the child exits.
 */
export function recordLoadedModules(): { execArgv: string[]; read(): string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'sg-modules-'));
  const hook = join(dir, 'hook.mjs');
  const log = join(dir, 'loaded.txt');
  writeFileSync(log, '');
  writeFileSync(
    hook,
    `import { registerHooks } from 'node:module';
import { appendFileSync } from 'node:fs';
registerHooks({
  load(url, context, nextLoad) {
    appendFileSync(${JSON.stringify(log)}, url + '\\n');
    return nextLoad(url, context);
  },
});
`,
  );
  return {
    execArgv: ['--import', pathToFileURL(hook).href],
    read: () => readFileSync(log, 'utf8').split('\n').filter(Boolean),
  };
}

/** The loaded files that are (or bundle) the Kubernetes client. */
export function kubernetesClientModules(urls: readonly string[]): string[] {
  return urls.filter((url) => {
    if (url.includes('/node_modules/@kubernetes/client-node/')) return true;
    if (!url.startsWith('file:') || !/\/dist\/.+\.js$/.test(url)) return false;
    return readFileSync(new URL(url), 'utf8').includes('node_modules/@kubernetes/client-node/');
  });
}
