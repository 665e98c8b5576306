import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeLines } from '../helpers/nodes.js';
import { makeSandbox, run, runReal, runShim, type Sandbox, writeExecutable } from '../helpers/sandbox.js';

// On a Node with process.execve the shim hands its process to uv when it has
// nothing left to do after uv exits (`uv --version`, `help`, …): uv then runs
// with the launcher's pid. Each case runs on this Node and on the pinned
// Node 22 and 24 (UV_SHIM_NODE), so that the suite on Node 20 checks the
// exec path too, and the suite on 22 and 24 checks that it is taken.

const RECORDER = join(import.meta.dirname, '..', 'helpers', 'load-recorder.mjs');

// What the program reports of its own process: pid, the bytes of its
// arguments and of $MYVAR, the flags of its stderr's file description, and
// its signal masks, read by grep from /proc/self after `exec` (so by the
// process itself, not a child of the shell). Run as the shim's "real uv"
// and directly, the two reports must be the same but for the pid.
const PROBE = `#!/bin/sh
echo "pid $$"
printf '%s\\n' "$@" "$MYVAR" | od -An -tx1 | tr -d ' \\n'; echo
grep '^flags' /proc/self/fdinfo/2
exec grep -E '^Sig(Blk|Ign|Cgt)' /proc/self/status
`;

interface Report {
  pid: number;
  rest: string;
}

function report(stdout: Buffer): Report {
  const [first = '', ...rest] = stdout.toString('utf8').split('\n');
  return { pid: Number(/^pid (\d+)$/.exec(first)?.[1]), rest: rest.join('\n') };
}

// `prefix "$@"` from a shell, once through the shim with the probe as its
// uv, once straight at the probe: the pid each run's first process had
// (the shell, which execs on) and what the probe reported.
async function probeBoth(sb: Sandbox, node: string, prefix: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const probe = writeExecutable(sb, 'probe', 'uv', PROBE);
  const env = { ...sb.env, ...extraEnv, UV_SHIM_NODE: node, UV_SHIM_REAL_UV: probe };
  const script = `${prefix} "$@"`;
  const [shim, direct] = await Promise.all(
    [join(sb.shimBin, 'uv'), probe].map((uv) => run('/bin/sh', ['-c', script, 'sh', uv, ...args], { cwd: sb.work, env })),
  );
  return { shim: shim!, direct: direct! };
}

describe.runIf(process.platform === 'linux').each(nodeLines())('on $label', ({ path, skip, execve }) => {
  const node = path ?? '';
  const test = skip ? it.skip : it;
  const mode = execve ? 'in the launcher’s own process (exec)' : 'as a child (no process.execve)';

  test(`runs \`uv --version\` ${mode}, with the output, status and process state of the real uv`, async () => {
    const sb = makeSandbox();
    const env = { ...sb.env, UV_SHIM_NODE: node };
    const [shim, real] = await Promise.all([runShim(sb, 'uv', ['--version'], { env }), runReal(sb, 'uv', ['--version'], { env })]);
    expect(real.stdout.toString()).toMatch(/^uv \d+\.\d+\.\d+/);
    expect({ code: shim.code, signal: shim.signal, stdout: shim.stdout.toString('latin1'), stderr: shim.stderr }).toEqual({
      code: real.code,
      signal: real.signal,
      stdout: real.stdout.toString('latin1'),
      stderr: real.stderr,
    });
    expect(shim.stderr).toBe('');

    // The same command with a program in uv's place that reports its process.
    const { shim: viaShim, direct } = await probeBoth(sb, node, 'exec', ['--version']);
    expect(viaShim.code).toBe(0);
    expect(viaShim.stderr).toBe('');
    const [s, d] = [report(viaShim.stdout), report(direct.stdout)];
    expect(d.pid).toBe(direct.pid);
    if (execve) expect(s.pid).toBe(viaShim.pid);
    else expect(s.pid).not.toBe(viaShim.pid);
    // SIGPIPE and SIGXFSZ at their defaults (Node ignores both), nothing
    // blocked or caught that the direct run does not have, stderr as blocking
    // as the caller gave it.
    expect(s.rest).toBe(d.rest);
    expect(s.rest).toMatch(/^SigIgn:\t0+$/m);
  });

  test("keeps the caller's ignored signals ignored and hands non-UTF-8 bytes over raw", async () => {
    const sb = makeSandbox();
    const prefix = `trap '' HUP INT; MYVAR=$(printf 'caf\\351') exec`;
    const { shim, direct } = await probeBoth(sb, node, `set -- "$@" "$(printf 'a\\nb\\\\\\047\\377')"; ${prefix}`, ['--version']);
    expect(shim.code).toBe(0);
    expect(shim.stderr).toBe('');
    const [s, d] = [report(shim.stdout), report(direct.stdout)];
    // The bytes of --version, a\nb\'\xff and caf\xe9, each line ended.
    expect(d.rest).toContain('2d2d76657273696f6e0a610a625c27ff0a636166e90a\n');
    expect(d.rest).toMatch(/^SigIgn:\t0+3$/m);
    expect(s.rest).toBe(d.rest);
    if (execve) expect(s.pid).toBe(shim.pid);
    else expect(s.pid).not.toBe(shim.pid);
  });

  test('still spawns and waits when something comes after uv: a command that is not informational, a post-exit hook', async () => {
    const sb = makeSandbox();
    const notInformational = await probeBoth(sb, node, 'exec', ['cache', 'dir']);
    expect(report(notInformational.shim.stdout).pid).not.toBe(notInformational.shim.pid);
    expect(report(notInformational.shim.stdout).rest).toBe(report(notInformational.direct.stdout).rest);

    const marker = join(sb.root, 'post-exit-ran');
    writeFileSync(join(sb.work, '.uv-shimrc.json'), JSON.stringify({ hooks: { postExit: [`touch ${marker}`] } }));
    const hooked = await probeBoth(sb, node, 'exec', ['--version'], { UV_SHIM_TRUST_PROJECT_CONFIG: '1' });
    expect(hooked.shim.code).toBe(0);
    expect(report(hooked.shim.stdout).pid).not.toBe(hooked.shim.pid);
    expect(readFileSync(marker, 'utf8')).toBe('');
  });

  test('spawns uv once the shim has written to stderr, and every line it wrote arrives', async () => {
    const sb = makeSandbox();
    const { shim, direct } = await probeBoth(sb, node, 'exec', ['--version'], { UV_SHIM_LOG: 'debug' });
    expect(shim.code).toBe(0);
    expect(report(shim.stdout).pid).not.toBe(shim.pid);
    expect(shim.stderr).toContain(`uv runs as a child: ${execve ? 'stdio-in-use' : 'no-execve'}\n`);
    // The last line, written after uv ended: the shim outlived uv.
    expect(shim.stderr).toMatch(/uv ended: exit 0\n$/);
    // stderr is a pipe here: Node made it non-blocking for its own stream,
    // and uv still gets it blocking, as the direct run has it.
    expect(report(shim.stdout).rest).toBe(report(direct.stdout).rest);
  });

  test('explains a program killed by SIGKILL under `uv run`', async () => {
    const sb = makeSandbox();
    const env = { ...sb.env, UV_SHIM_NODE: node };
    const r = await runShim(sb, 'uv', ['run', '--no-project', 'python', '-c', 'import os; os.kill(os.getpid(), 9)'], { env });
    expect(r.code).toBe(137);
    expect(r.stderr).toMatch(/oom_kill stayed at \d+|Whether a memory limit was hit is unknown/);
  });

  test('does not load node:child_process to run `uv --version`', async () => {
    const sb = makeSandbox();
    const log = join(sb.root, 'loads.log');
    const loads = async (args: string[]) => {
      writeFileSync(log, '');
      const env = { ...sb.env, UV_SHIM_NODE: node, UV_SHIM_NODE_OPTIONS: `--import=${RECORDER}`, UV_SHIM_TEST_LOAD_LOG: log };
      const r = await runShim(sb, 'uv', args, { env });
      expect(r.code).toBe(0);
      const lines = readFileSync(log, 'utf8').split('\n');
      return { execs: lines.filter((l) => l.startsWith('exec ')), builtins: lines.flatMap((l) => /^builtin (.+)$/.exec(l)?.[1] ?? []) };
    };
    const version = await loads(['--version']);
    // The recorder saw the built-ins either way (at exit, or before exec).
    expect(version.builtins).toContain('fs');
    if (execve) {
      expect(version.execs).toEqual([`exec ${sb.realUv}`]);
      expect(version.builtins).not.toContain('child_process');
    } else {
      expect(version.execs).toEqual([]);
      expect(version.builtins).toContain('child_process');
    }
    // The positive control: a command that is not informational spawns.
    const spawned = await loads(['cache', 'dir']);
    expect(spawned.execs).toEqual([]);
    expect(spawned.builtins).toContain('child_process');
    // A config file, read the first time and then from what was kept of it,
    // leaves nothing pending that would keep the shim from exec-ing.
    writeFileSync(join(sb.work, '.uv-shimrc.json'), '{ "log": "warn" }\n');
    for (const round of ['first read', 'warm']) {
      expect((await loads(['--version'])).execs, round).toEqual(execve ? [`exec ${sb.realUv}`] : []);
    }
  });

  describe('a target execve would refuse: spawned as before, never an abort', () => {
    // Each as the first `uv` on PATH after the shims: what happens is what
    // spawn does with it, as on a Node without execve.
    async function asUv(sb: Sandbox, name: string, content: string | Buffer, mode = 0o755) {
      const dir = join(sb.root, name);
      mkdirSync(dir);
      writeFileSync(join(dir, 'uv'), content);
      chmodSync(join(dir, 'uv'), mode);
      const env = { ...sb.env, UV_SHIM_NODE: node, PATH: `${sb.shimBin}:${dir}:/usr/bin:/bin` };
      return runShim(sb, 'uv', ['--version'], { env });
    }

    test('a script without #! (spawn runs it with /bin/sh, as execvp does)', async () => {
      const sb = makeSandbox();
      const r = await asUv(sb, 'plain', 'echo "plain script $$"\n');
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      const pid = Number(/^plain script (\d+)$/.exec(r.stdout.toString().trim())?.[1]);
      expect(pid).not.toBe(r.pid);
    });

    test.each([
      ['an interpreter that does not exist', '/nonexistent/interpreter', 127, 'does not exist (ENOENT)'],
      ['a directory as interpreter', '.', 126, 'permission denied or not an executable (EACCES)'],
      ['an interpreter without the execute bit', 'not-executable', 126, 'permission denied or not an executable (EACCES)'],
    ])('a script naming %s', async (_what, interpreter, code, message) => {
      const sb = makeSandbox();
      writeFileSync(join(sb.root, 'not-executable'), '#!/bin/sh\n', { mode: 0o644 });
      const r = await asUv(sb, 'script', `#!${join(sb.root, interpreter)}\n`);
      expect({ code: r.code, stdout: r.stdout.length }).toEqual({ code, stdout: 0 });
      expect(r.stderr).toContain(`uv-shim: error: could not start ${join(sb.root, 'script', 'uv')}: `);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toContain('process.execve failed');
    });

    test('an ELF program whose loader does not exist', async () => {
      const sb = makeSandbox();
      const binary = readFileSync('/bin/true');
      const at = binary.indexOf('/ld-linux');
      expect(at).toBeGreaterThan(0);
      binary.write('/ld-lunix', at, 'latin1');
      const r = await asUv(sb, 'no-loader', binary);
      expect(r.code).toBe(127);
      expect(r.stderr).toContain('does not exist (ENOENT)');
      expect(r.stderr).not.toContain('process.execve failed');
    });
  });
});
