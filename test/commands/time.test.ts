import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { REPO_ROOT, run } from '../helpers/sandbox.js';
import { burnCpu, burnCpuReportingWall, parseTiming, sleepFor, uncontendedRun } from '../first-run/cpu-load.js';

const CLI = join(REPO_ROOT, 'dist', 'bin', 'uv-shim.js');
const PY = inject('python').executable;

function uvShimTime(args: string[]) {
  return run(process.execPath, [CLI, 'time', ...args], { env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8' } });
}

describe('uv-shim time', () => {
  it('flags a command that sleeps: wall ≫ CPU, "waiting, not computing"', async () => {
    const r = await uvShimTime(['--', PY, '-c', sleepFor(1.5)]);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBe(0);
    const t = parseTiming(r.stderr);
    expect(t.wall).toBeGreaterThanOrEqual(1.5);
    expect(t.cpu).toBeLessThan(0.4);
    expect(r.stderr).toContain('waiting, not computing');
  });

  it('does not flag a command that computes: wall ≈ CPU', async (context) => {
    const attempt = await uncontendedRun(1, () => uvShimTime(['--', PY, '-c', burnCpuReportingWall(1)]));
    if ('starvedWalls' in attempt) return context.skip(`machine too busy: 1 s of computing took ${attempt.starvedWalls.join(', ')} s`);
    const r = attempt.run;
    expect(r.code).toBe(0);
    const t = parseTiming(r.stderr);
    expect(t.cpu).toBeGreaterThanOrEqual(0.95);
    expect(t.wall).toBeGreaterThanOrEqual(t.cpu * 0.9);
    expect(r.stderr).not.toContain('waiting');
  });

  it('counts the CPU time of grandchildren, not just the direct child', async () => {
    // sh → two Pythons burning 0.7 s each, in parallel: the tree's CPU time is ≥ 1.4 s.
    const script = `${PY} -c '${burnCpu(0.7)}' & ${PY} -c '${burnCpu(0.7)}'; wait`;
    const r = await uvShimTime(['--', 'sh', '-c', script]);
    expect(r.code, r.stderr).toBe(0);
    expect(parseTiming(r.stderr).cpu).toBeGreaterThanOrEqual(1.35);
  });

  it('leaves stdout to the command and exits as it did', async () => {
    const r = await uvShimTime(['--', 'sh', '-c', 'echo out; exit 3']);
    expect(r.stdout.toString()).toBe('out\n');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^uv-shim time: wall [\d.]+ s, CPU [\d.]+ s/);
    const killed = await uvShimTime(['--', 'sh', '-c', 'kill -TERM $$']);
    expect(killed.code).toBe(128 + 15);
  });

  it('says what went wrong when there is no command, or it cannot be found', async () => {
    const none = await uvShimTime([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('uv-shim time: error: missing COMMAND.\n\nUsage: uv-shim time [--] COMMAND [ARG…]\nRun `uv-shim help time` for more.\n');
    const option = await uvShimTime(['--bogus']);
    expect(option.code).toBe(2);
    expect(option.stderr).toBe('uv-shim time: error: unknown option "--bogus".\n\nUsage: uv-shim time [--] COMMAND [ARG…]\nRun `uv-shim help time` for more.\n');
    const missing = await uvShimTime(['--', 'no-such-command-here']);
    expect({ code: missing.code, stdout: missing.stdout.length }).toEqual({ code: 127, stdout: 0 });
    expect(missing.stderr).toBe(
      "uv-shim time: error: could not start no-such-command-here: it, or the interpreter its first line names, does not exist (ENOENT).\n\nCheck the command's name and that it is on PATH.\n",
    );
  });

  it('exits 126 for a command it may not run, as a shell would', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uv-shim-time-'));
    const script = join(dir, 'not-executable');
    writeFileSync(script, '#!/bin/sh\necho ran\n', { mode: 0o644 });
    try {
      const r = await uvShimTime(['--', script]);
      expect({ code: r.code, stdout: r.stdout.length }).toEqual({ code: 126, stdout: 0 });
      expect(r.stderr).toBe(
        `uv-shim time: error: could not start ${script}: permission denied or not an executable (EACCES).\n\nCheck that ${script} is a program for this machine that you may run.\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
