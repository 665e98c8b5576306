// Commands that do work, in a real project: `uv run python -c 1` and a
// no-op `uv sync` (the environment already matches the lock), each through
// the shim and directly, interleaved. The project has no dependencies, so it
// needs no index; uv uses the system Python (UV_PYTHON_DOWNLOADS=never). Its
// pyproject.toml is a config file candidate, so these runs also show what
// the config loader costs on every run in a project. A bare `node -e 0` in
// the same loop gives the shim's own work on them, as on `uv --version`.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export default async function projectBench(h) {
  const sb = h.sandbox();
  const uv = join(h.realUvDir, 'uv');
  const shim = join(sb.shimBin, 'uv');
  const project = join(sb.work, 'project');
  const quiet = { env: sb.env, stdio: ['ignore', 'ignore', 'pipe'] };
  execFileSync(uv, ['init', '--quiet', '--no-workspace', '--vcs', 'none', project], { ...quiet, cwd: sb.work });
  execFileSync(uv, ['sync', '--quiet'], { ...quiet, cwd: project });
  const run = ['run', 'python', '-c', '1'];
  const t = await h.timeAll(
    [
      { label: 'uv run python -c 1 (direct)', file: uv, args: run },
      { label: 'uv run python -c 1 (through the shim)', file: shim, args: run },
      { label: 'uv sync, nothing to do (direct)', file: uv, args: ['sync'] },
      { label: 'uv sync, nothing to do (through the shim)', file: shim, args: ['sync'] },
      { label: 'node -e 0', file: process.execPath, args: ['-e', '0'] },
    ],
    { runs: 20, env: sb.env, cwd: project },
  );
  // Wall and CPU time (h.cpu) alike.
  const cost = (m, what) => m[`${what} (through the shim)`] - m[`${what} (direct)`];
  const share = (m, what) => m[`${what} (through the shim)`] / m[`${what} (direct)`];
  const RUN = 'uv run python -c 1';
  const SYNC = 'uv sync, nothing to do';
  h.row('uv run python -c 1: shim − direct', cost(t, RUN), '', 'ms', cost(h.cpu, RUN));
  h.row('uv sync (no-op): shim − direct', cost(t, SYNC), '', 'ms', cost(h.cpu, SYNC));
  // The shim's own work on these, measured as on `uv --version`: what is
  // left after direct uv and Node's start-up are taken out.
  const own = (m, what) => (cost(m, what) - m['node -e 0']) / m['node -e 0'];
  h.ratio('uv run python -c 1: shim own work / bare node startup', own(t, RUN), '', own(h.cpu, RUN));
  h.ratio('uv sync (no-op): shim own work / bare node startup', own(t, SYNC), '', own(h.cpu, SYNC));
  h.ratio('uv run python -c 1: shim / direct', share(t, RUN), '', share(h.cpu, RUN));
  h.ratio('uv sync (no-op): shim / direct', share(t, SYNC), '', share(h.cpu, SYNC));
}
