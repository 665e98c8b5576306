// Commands that do work, in a real project: `uv run python -c 1` and a
// no-op `uv sync` (the environment already matches the lock), each through
// the shim and directly, interleaved. The project has no dependencies, so it
// needs no index; uv uses the system Python (UV_PYTHON_DOWNLOADS=never).
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
    ],
    { runs: 20, env: sb.env, cwd: project },
  );
  const runCost = t['uv run python -c 1 (through the shim)'] - t['uv run python -c 1 (direct)'];
  const syncCost = t['uv sync, nothing to do (through the shim)'] - t['uv sync, nothing to do (direct)'];
  h.row('uv run python -c 1: shim − direct', runCost, '', 'ms');
  h.row('uv sync (no-op): shim − direct', syncCost, '', 'ms');
  h.ratio('uv run python -c 1: shim / direct', t['uv run python -c 1 (through the shim)'] / t['uv run python -c 1 (direct)']);
  h.ratio('uv sync (no-op): shim / direct', t['uv sync, nothing to do (through the shim)'] / t['uv sync, nothing to do (direct)']);
}
