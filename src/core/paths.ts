import path from 'node:path';

/**
 * How reports name a file: relative to cwd with `/` separators (`k8s/bot.yaml`); a file outside cwd keeps its
 * absolute path (`/tmp/bot.yaml`, not `../../tmp/bot.yaml`): that is how it was given, or the nearest a reader
 * recognises. cwd itself is its base name.
 */
export function displayPath(cwd: string, absolutePath: string): string {
  const relative = path.relative(cwd, absolutePath) || path.basename(absolutePath);
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
    return absolutePath.split(path.sep).join('/');
  }
  return relative.split(path.sep).join('/');
}
