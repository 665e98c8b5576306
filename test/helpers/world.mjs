// @ts-check
// The throwaway world the tests and the benchmarks run uv in: its own HOME,
// XDG dirs and uv cache, the shims linked into shimBin, and a clean
// environment with PATH = shims, real uv, the tests' Python (where uv finds
// a system Python; it cannot download one here), node, system. The Python
// comes before node's directory, which may be /usr/bin with a python3 of its
// own: uv must find the same Python whichever node runs the tests. Plain JavaScript so that
// bench/run.mjs can share it with test/helpers/sandbox.ts. The caller
// removes `root` when done.
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const SYSTEM_DIRS = ['/usr/local/bin', '/usr/bin', '/bin'];

/**
 * @param {{ prefix: string, realUvDir: string, pythonDir: string, shimsDir: string, linkShims?: boolean }} options
 * @returns {{ root: string, home: string, shimBin: string, work: string, env: NodeJS.ProcessEnv }}
 */
export function makeWorld({ prefix, realUvDir, pythonDir, shimsDir, linkShims = true }) {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const home = join(root, 'home');
  const shimBin = join(root, 'shim-bin');
  const work = join(root, 'work');
  for (const d of [home, shimBin, work]) mkdirSync(d, { recursive: true });
  if (linkShims) for (const tool of ['uv', 'uvx']) symlinkSync(join(shimsDir, tool), join(shimBin, tool));
  /** @type {NodeJS.ProcessEnv} */
  const env = {
    PATH: [shimBin, realUvDir, pythonDir, dirname(process.execPath), ...SYSTEM_DIRS].join(':'),
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    UV_CACHE_DIR: join(root, 'uv-cache'),
    UV_PYTHON_DOWNLOADS: 'never',
    UV_NO_PROGRESS: '1',
    LANG: 'C.UTF-8',
    TMPDIR: tmpdir(),
  };
  if (process.env.SSL_CERT_FILE) env.SSL_CERT_FILE = process.env.SSL_CERT_FILE;
  return { root, home, shimBin, work, env };
}
