import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { makeSandbox, run, runShim } from '../helpers/sandbox.js';
import { makeFakeCgroup } from './cgroup-tree.js';
import { normalise } from './normalise.js';
import { makeMemoryCgroup } from './real-cgroup.js';

const SELF_KILL = 'import os, signal; os.kill(os.getpid(), signal.SIGKILL)';

describe('the explanation on Linux, with the real uv', () => {
  it('explains a program killed by SIGKILL as an outside kill when no memory limit was hit', async () => {
    const sb = makeSandbox();
    const cgroup = makeFakeCgroup(join(sb.root, 'cgroup'), { max: 512 * 2 ** 20, peak: 40 * 2 ** 20 });
    const r = await runShim(sb, 'uv', ['run', '--no-project', 'python', '-c', SELF_KILL], {
      env: { ...sb.env, UV_SHIM_CGROUP_ROOT: cgroup.root },
    });
    expect(r.code).toBe(137);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).not.toContain('\x1b[');
    expect(normalise(r.stderr)).toMatchInlineSnapshot(`
      "uv-shim: uv exited with 137 (128 + SIGKILL): the program it ran was killed by SIGKILL, or exited with 137 itself.
        No memory limit was hit: oom_kill stayed at 0 in cgroup / (cgroup v2, memory limit 512.0 MiB, peak 40.0 MiB).
        If it was killed, the SIGKILL came from outside: a timeout, a CI runner cancelling the job, or a \`kill -9\`."
    `);
  });

  it('reads the machine\'s own cgroup counters when no root is given', async () => {
    const sb = makeSandbox();
    const r = await runShim(sb, 'uv', ['run', '--no-project', 'python', '-c', SELF_KILL]);
    expect(r.code).toBe(137);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('uv-shim: uv exited with 137 (128 + SIGKILL): the program it ran was killed by SIGKILL, or exited with 137 itself.');
    // Here either the counters are readable (and did not move) or they are not: never OOM.
    expect(r.stderr).not.toContain('OOM');
    expect(lines[1]).toMatch(/^ {2}(No memory limit was hit: oom_kill stayed at \d+ in cgroup \/|Whether a memory limit was hit is unknown)/);
  });

  it('shows the OOM evidence when the cgroup\'s oom_kill counter rises during the run', async () => {
    const sb = makeSandbox();
    const cgroup = makeFakeCgroup(join(sb.root, 'cgroup'), { max: 256 * 2 ** 20, peak: 256 * 2 ** 20 });
    // What the kernel does on an OOM kill: count it, then SIGKILL the task.
    const oom = `import os, signal; open(os.environ['COUNTER'], 'w').write(os.environ['RAISED']); os.kill(os.getpid(), signal.SIGKILL)`;
    const r = await runShim(sb, 'uv', ['run', '--no-project', 'python', '-c', oom], {
      env: { ...sb.env, UV_SHIM_CGROUP_ROOT: cgroup.root, COUNTER: cgroup.counterFile, RAISED: cgroup.counterText(1) },
    });
    expect(r.code).toBe(137);
    expect(normalise(r.stderr)).toMatchInlineSnapshot(`
      "uv-shim: uv exited with 137 (128 + SIGKILL): the kernel's OOM killer killed a process in its cgroup during the run.
        Evidence: oom_kill in cgroup / rose from 0 to 1 during the run (cgroup v2, memory limit 256.0 MiB, peak 256.0 MiB).
        Fix: give the job more memory (the container's or CI runner's limit), or make the program use less."
    `);
  });

  it('does not blame memory when the program exits with 137 on its own', async () => {
    const sb = makeSandbox();
    const cgroup = makeFakeCgroup(join(sb.root, 'cgroup'), { max: 512 * 2 ** 20, peak: 40 * 2 ** 20 });
    const r = await runShim(sb, 'uv', ['run', '--no-project', 'python', '-c', 'raise SystemExit(137)'], {
      env: { ...sb.env, UV_SHIM_CGROUP_ROOT: cgroup.root },
    });
    expect(r.code).toBe(137);
    expect(r.stderr).toContain('or exited with 137 itself');
    expect(r.stderr).toContain('No memory limit was hit');
    expect(r.stderr).not.toContain('OOM');
  });

  it('stays silent for other exits, including uv\'s own errors', async () => {
    const sb = makeSandbox();
    const seven = await runShim(sb, 'uv', ['run', '--no-project', 'python', '-c', 'raise SystemExit(7)']);
    expect(seven.code).toBe(7);
    expect(seven.stderr).toBe('');
    const usage = await runShim(sb, 'uv', ['run', '--no-project', '--python', join(sb.root, 'no-such-python'), 'python', '-V']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).not.toMatch(/^uv-shim:/m);
  });

  it('says it when uv itself is killed by SIGKILL', async () => {
    const sb = makeSandbox();
    const cgroup = makeFakeCgroup(join(sb.root, 'cgroup'), { max: 512 * 2 ** 20, peak: 40 * 2 ** 20 });
    // The program kills its parent, uv, the way a CI runner's cancel would.
    const killUv = 'import os, signal, time; os.kill(os.getppid(), signal.SIGKILL); time.sleep(1)';
    const r = await runShim(sb, 'uv', ['run', '--no-project', 'python', '-c', killUv], {
      env: { ...sb.env, UV_SHIM_CGROUP_ROOT: cgroup.root },
    });
    // The shim dies the way uv died, after saying why.
    expect(r.signal).toBe('SIGKILL');
    expect(normalise(r.stderr)).toMatchInlineSnapshot(`
      "uv-shim: uv was killed by SIGKILL; it could not report why itself.
        No memory limit was hit: oom_kill stayed at 0 in cgroup / (cgroup v2, memory limit 512.0 MiB, peak 40.0 MiB).
        The SIGKILL came from outside: a timeout, a CI runner cancelling the job, or a \`kill -9\`."
    `);
  });

  it('writes the explanation as one JSON object for CI, and still prints the text', async () => {
    const sb = makeSandbox();
    const cgroup = makeFakeCgroup(join(sb.root, 'cgroup'), { max: 256 * 2 ** 20, peak: 100 * 2 ** 20 });
    const file = join(sb.root, 'ci', 'explain.json');
    const r = await runShim(sb, 'uv', ['run', '--no-project', 'python', '-c', SELF_KILL], {
      env: { ...sb.env, UV_SHIM_CGROUP_ROOT: cgroup.root, UV_SHIM_EXPLAIN: 'json', UV_SHIM_EXPLAIN_FILE: file },
    });
    expect(r.code).toBe(137);
    expect(r.stderr).toContain('No memory limit was hit');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json).toEqual({
      schema: 2,
      platform: 'linux',
      trigger: 'exit-137',
      cause: 'outside-sigkill',
      command: ['uv', 'run', '--no-project', 'python', '-c', SELF_KILL],
      exit: { code: 137, signal: null },
      attempt: 1,
      memory: {
        cgroup: expect.any(String),
        cgroupVersion: cgroup.version,
        oomKillsBefore: 0,
        oomKillsAfter: 0,
        memoryMax: 256 * 2 ** 20,
        memoryPeak: 100 * 2 ** 20,
      },
      killed: null,
      evidence: null,
      repair: null,
      retry: 'none',
      fixes: [],
      upstream: null,
    });
  });

  it('says it cannot tell when no cgroup counters are readable', async () => {
    const sb = makeSandbox();
    const r = await runShim(sb, 'uv', ['run', '--no-project', 'python', '-c', SELF_KILL], {
      env: { ...sb.env, UV_SHIM_CGROUP_ROOT: join(sb.root, 'no-cgroups-here') },
    });
    expect(r.code).toBe(137);
    expect(normalise(r.stderr)).toMatchInlineSnapshot(`
      "uv-shim: uv exited with 137 (128 + SIGKILL): the program it ran was killed by SIGKILL, or exited with 137 itself.
        Whether a memory limit was hit is unknown: no cgroup memory counters were readable here.
        If it was killed, the SIGKILL came from outside (a timeout, a CI runner cancelling the job, or a \`kill -9\`) or from the system running out of memory (see \`dmesg\`)."
    `);
  });

  it('warns when the JSON file cannot be written, and still exits as uv did', async () => {
    const sb = makeSandbox();
    const notADir = join(sb.root, 'plain-file');
    writeFileSync(notADir, '');
    const r = await runShim(sb, 'uv', ['run', '--no-project', 'python', '-c', SELF_KILL], {
      env: { ...sb.env, UV_SHIM_EXPLAIN: 'json', UV_SHIM_EXPLAIN_FILE: join(notADir, 'explain.json') },
    });
    expect(r.code).toBe(137);
    expect(r.stderr).toContain('uv-shim: uv exited with 137');
    const warning = r.stderr.split('\n').find((l) => l.startsWith('uv-shim: could not write the explanation'));
    expect(warning).toBe(
      `uv-shim: could not write the explanation to ${join(notADir, 'explain.json')}: a part of the path is a file, not a directory (EEXIST). Check UV_SHIM_EXPLAIN_FILE (or explainFile in the config) names a writable path.`,
    );
  });

  it('colours the text only when asked to or on a terminal', async () => {
    const sb = makeSandbox();
    const r = await runShim(sb, 'uv', ['run', '--no-project', 'python', '-c', SELF_KILL], {
      env: { ...sb.env, FORCE_COLOR: '1' },
    });
    expect(r.code).toBe(137);
    expect(r.stderr).toContain('\x1b[');
  });
});

// In this file, not its own: on cgroup v2 the counters are hierarchical, so
// the real OOM kill must not run beside the test that reads this process's
// own cgroup (files run in parallel, tests within a file do not).

// 160 MiB: room for node (the shim), uv and Python's start, not for the
// 1 GiB the program asks for, so the kernel's OOM killer picks the program.
const LIMIT = 160 * 2 ** 20;

describe('a real OOM kill in a cgroup with a small memory limit', () => {
  it('is explained with the counters the kernel kept (root only; skipped where no memory cgroup can be made)', async (test) => {
    const cgroup = makeMemoryCgroup(`uv-shim-explain-oom-${process.pid}`, LIMIT);
    if (!cgroup) return test.skip();
    onTestFinished(() => cgroup.remove());
    const sb = makeSandbox();
    const shim = join(sb.shimBin, 'uv');
    const hog = 'b = b"x" * (1024 * 2 ** 20); print("survived")';
    // The shell moves itself into the cgroup, then becomes the shim: the
    // shim, uv and Python all count against the limit.
    const r = await run('/bin/sh', ['-c', `${cgroup.enter} && exec "$0" "$@"`, shim, 'run', '--no-project', 'python', '-c', hog], {
      cwd: sb.work,
      env: sb.env,
    });
    expect(r.stdout.toString()).not.toContain('survived');
    expect(r.code).toBe(137);
    const text = r.stderr.trimEnd().replace(/peak \d+\.\d MiB/, 'peak <n> MiB');
    expect(text).toBe(
      [
        "uv-shim: uv exited with 137 (128 + SIGKILL): the kernel's OOM killer killed a process in its cgroup during the run.",
        `  Evidence: oom_kill in cgroup ${cgroup.path} rose from 0 to 1 during the run (cgroup v${cgroup.version}, memory limit 160.0 MiB, peak <n> MiB).`,
        "  Fix: give the job more memory (the container's or CI runner's limit), or make the program use less.",
      ].join('\n'),
    );
  });
});
