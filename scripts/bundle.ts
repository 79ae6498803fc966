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
 * These packages declare no `sideEffects`, so esbuild keeps every module they import: all of client-node's generated
 * APIs (17 MB), and undici through @actions/core's OIDC client, which the action never calls. Their modules only
 * define classes and functions (client-node's File polyfill aside, kept), so mark them side-effect free: the bundles
 * then hold what the code uses.
 */
const SIDE_EFFECT_FREE = /\/node_modules\/(@kubernetes\/client-node\/dist|@actions\/(core|exec|io|http-client)\/lib)\//;
const KEEP_SIDE_EFFECTS = /\/@kubernetes\/client-node\/dist\/polyfill\.js$/;

const treeShakeDependencies: Plugin = {
  name: 'tree-shake-dependencies',
  setup(b) {
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (
        args.pluginData === 'resolving' ||
        args.path.startsWith('node:') ||
        (args.path.startsWith('.') && !args.importer.includes('/node_modules/'))
      ) {
        return undefined;
      }
      const resolved = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'resolving',
      });
      // Unresolvable (an optional dependency behind try/catch): let esbuild decide as it would without the plugin.
      if (resolved.errors.length > 0) return undefined;
      const pure = SIDE_EFFECT_FREE.test(resolved.path) && !KEEP_SIDE_EFFECTS.test(resolved.path);
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
  plugins: [treeShakeDependencies],
}).catch(() => {
  // esbuild has printed the errors; a stack trace on top would only hide them.
  process.exit(1);
});
chmodSync(`${root}${outdir}/cli.js`, 0o755);

for (const file of Object.keys(result.metafile.outputs).sort()) {
  const kb = statSync(`${root}${file}`).size / 1024;
  console.log(`${file.padEnd(40)} ${kb.toFixed(0).padStart(6)} KiB`);
}
