import { describe, expect, it, onTestFinished } from 'vitest';
import { makeSandbox, run, runShim } from '../helpers/sandbox.js';
import { join } from 'node:path';
import { makeMemoryCgroup } from './real-cgroup.js';
import { normalise } from './normalise.js';

// 160 MiB: room for node (the shim), uv and Python's start, not for the
// 1 GiB the program asks for, so the kernel's OOM killer picks the program.
const LIMIT = 160 * 2 ** 20;
const cgroup = makeMemoryCgroup(`uv-shim-explain-oom-${process.pid}`, LIMIT);

describe('a real OOM kill in a cgroup with a small memory limit', () => {
  it.skipIf(cgroup === null)('is explained with the counters the kernel kept', async () => {
    onTestFinished(() => cgroup!.remove());
    const sb = makeSandbox();
    const shim = join(sb.shimBin, 'uv');
    const hog = 'b = b"x" * (1024 * 2 ** 20); print("survived")';
    // The shell moves itself into the cgroup, then becomes the shim: the
    // shim, uv and Python all count against the limit.
    const r = await run('/bin/sh', ['-c', `${cgroup!.enter} && exec "$0" "$@"`, shim, 'run', '--no-project', 'python', '-c', hog], {
      cwd: sb.work,
      env: sb.env,
    });
    expect(r.stdout.toString()).not.toContain('survived');
    expect(r.code).toBe(137);
    const text = normalise(r.stderr, { [`/${cgroup!.dir.split('/').pop()}`]: '/<oom-test>' }).replace(/peak \d+\.\d MiB/, 'peak <n> MiB');
    expect(text).toBe(
      [
        "uv-shim: uv exited with 137 (128 + SIGKILL): the kernel's OOM killer killed the program it ran.",
        `  Evidence: oom_kill in cgroup <cgroup>/<oom-test> rose from 0 to 1 during the run (cgroup v${cgroup!.version}, memory limit 160.0 MiB, peak <n> MiB).`,
        "  Fix: give the job more memory (the container's or CI runner's limit), or make the program use less.",
      ].join('\n'),
    );
  });
});
