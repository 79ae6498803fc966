/**
 * Builds the committed bundles: dist/index.js (the action) and dist/cli.js (the CLI), ESM for Node 24.
 * Code splitting puts what only the guard needs (the Kubernetes client) in chunks that load on first use, so a lint
 * never reads them. No minification and no source maps: CI diffs dist/ against a fresh build, and a reviewer can read
 * the diff. esbuild's output is deterministic for the same sources and lockfile.
 */
import { build, type Plugin } from 'esbuild';
import { chmodSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = 'dist';

// Some dependencies are CommonJS and call require() for Node built-ins; an ES module has none, so give it one.
const requireShim = [
  "import { createRequire as __singletonGuardCreateRequire } from 'node:module';",
  'const require = __singletonGuardCreateRequire(import.meta.url);',
].join('\n');

/**
 * @kubernetes/client-node declares no `sideEffects`, so esbuild keeps every generated API class (17 MB). Its modules
 * only define classes and functions (the File polyfill aside), so mark them side-effect free: the chunk then holds
 * the APIs the guard imports.
 */
const treeShakeKubernetesClient: Plugin = {
  name: 'tree-shake-kubernetes-client',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'resolving') return undefined;
      const fromClient = args.importer.includes('/@kubernetes/client-node/');
      if (!fromClient && !args.path.startsWith('@kubernetes/client-node')) return undefined;
      const resolved = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'resolving',
      });
      if (resolved.errors.length > 0) return { errors: resolved.errors };
      const inClient = /\/node_modules\/@kubernetes\/client-node\/dist\//.test(resolved.path);
      const pure = inClient && !resolved.path.endsWith('/polyfill.js');
      return {
        path: resolved.path,
        namespace: resolved.namespace,
        external: resolved.external,
        sideEffects: pure ? false : resolved.sideEffects,
      };
    });
  },
};

rmSync(`${root}${outdir}`, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { index: 'src/index.ts', cli: 'src/cli.ts' },
  outdir,
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  banner: { js: requireShim },
  legalComments: 'eof',
  charset: 'utf8',
  metafile: true,
  logLevel: 'warning',
  plugins: [treeShakeKubernetesClient],
});
chmodSync(`${root}${outdir}/cli.js`, 0o755);

for (const file of Object.keys(result.metafile.outputs).sort()) {
  const kb = statSync(`${root}${file}`).size / 1024;
  console.log(`${file.padEnd(40)} ${kb.toFixed(0).padStart(6)} KiB`);
}
