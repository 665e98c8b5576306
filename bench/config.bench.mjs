// What a config file costs on top of the everyday path (`uv --version`),
// once it has been read and on a first read. The file is the README's own
// pyproject example's table as a user config.toml, parsed by smol-toml:
// - none:   no config file at all;
// - cached: the file as it usually is, its parse kept in config-cache.json;
// - first read: the same file with the state directory unusable
//   (UV_SHIM_CACHE_DIR under a regular file), so every run reads, hashes and
//   parses it: what a run pays right after the file changed.
// Target (issue 13): cached − none ≤ 2 ms.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export default async function configBench(h) {
  const sb = h.sandbox();
  const uv = join(h.realUvDir, 'uv');
  const shim = join(sb.shimBin, 'uv');
  const withConfig = join(sb.root, 'with-config');
  mkdirSync(join(withConfig, 'uv-shim'), { recursive: true });
  writeFileSync(join(withConfig, 'uv-shim', 'config.toml'), 'repair = "prompt"\nguard = true\n');
  const blocker = join(sb.root, 'not-a-dir');
  writeFileSync(blocker, '');
  const configured = { ...sb.env, XDG_CONFIG_HOME: withConfig };
  const t = await h.timeAll(
    [
      { label: 'uv --version (direct)', file: uv, args: ['--version'] },
      { label: 'node -e 0', file: process.execPath, args: ['-e', '0'] },
      { label: 'shim, no config file', file: shim, args: ['--version'] },
      { label: 'shim, config file cached', file: shim, args: ['--version'], env: configured },
      { label: 'shim, config file first read', file: shim, args: ['--version'], env: { ...configured, UV_SHIM_CACHE_DIR: join(blocker, 'x') } },
    ],
    { runs: 40, env: sb.env, cwd: sb.work },
  );
  const less = (m, a, b) => m[a] - m[b];
  const NONE = 'shim, no config file';
  h.row('config cached − none', less(t, 'shim, config file cached', NONE), '(target ≤ 2 ms)', 'ms', less(h.cpu, 'shim, config file cached', NONE));
  h.row('config first read − none', less(t, 'shim, config file first read', NONE), '', 'ms', less(h.cpu, 'shim, config file first read', NONE));
  h.ratio(
    'config cached − none / bare node startup',
    less(t, 'shim, config file cached', NONE) / t['node -e 0'],
    '',
    less(h.cpu, 'shim, config file cached', NONE) / h.cpu['node -e 0'],
  );
}
