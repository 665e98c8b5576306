import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startProcess } from '../helpers/processes.js';
import { makeSandbox, run, runShim, type Sandbox } from '../helpers/sandbox.js';

function configure(sb: Sandbox, hooks: unknown) {
  writeFileSync(join(sb.work, '.uv-shimrc.json'), JSON.stringify({ hooks }));
  // A project file's hooks run once it is trusted (test/config/trust.test.ts).
  sb.env.UV_SHIM_TRUST_PROJECT_CONFIG = '1';
}

// A hook that dumps its UV_SHIM_HOOK_* environment as JSON into a file.
function recorder(sb: Sandbox, name: string): { run: string[]; file: string } {
  const file = join(sb.root, `${name}.json`);
  const code = `import os, json; json.dump({k: v for k, v in os.environ.items() if k.startswith("UV_SHIM_HOOK_")}, open(${JSON.stringify(file)}, "w"))`;
  return { run: ['python3', '-c', code], file };
}

describe('user hooks from config', () => {
  it('runs pre-exec and post-exit hooks with the run facts in UV_SHIM_HOOK_* variables', async () => {
    const sb = makeSandbox();
    const pre = recorder(sb, 'pre');
    const post = recorder(sb, 'post');
    configure(sb, { preExec: [{ run: pre.run }], postExit: [{ run: post.run }] });
    const args = ['run', '--no-project', 'python', '-c', 'raise SystemExit(5)'];
    const r = await runShim(sb, 'uv', args);
    expect(r.code).toBe(5);
    const common = {
      UV_SHIM_HOOK_TOOL: 'uv',
      UV_SHIM_HOOK_ARGS: JSON.stringify(args),
      UV_SHIM_HOOK_SUBCOMMAND: 'run',
      UV_SHIM_HOOK_UV: sb.realUv,
      UV_SHIM_HOOK_CWD: sb.work,
      UV_SHIM_HOOK_ATTEMPT: '1',
    };
    expect(JSON.parse(readFileSync(pre.file, 'utf8'))).toEqual({ ...common, UV_SHIM_HOOK_PHASE: 'preExec' });
    expect(JSON.parse(readFileSync(post.file, 'utf8'))).toEqual({
      ...common,
      UV_SHIM_HOOK_PHASE: 'postExit',
      UV_SHIM_HOOK_EXIT_CODE: '5',
      UV_SHIM_HOOK_SIGNAL: '',
    });
  });

  it.runIf(process.platform === 'linux')("gives a hook the caller's ignored signals and raw environment bytes, as uv gets them", async () => {
    const sb = makeSandbox();
    const out = join(sb.root, 'hook.txt');
    // 1 is SIG_IGN; a Python-level handler (SIGINT's default) shows as -1.
    const code = [
      'import os, signal',
      'd = lambda n: int(signal.getsignal(n)) if isinstance(signal.getsignal(n), int) else -1',
      `open(${JSON.stringify(out)}, "w").write(repr((d(signal.SIGINT), d(signal.SIGHUP), os.environb.get(b"MYVAR"))))`,
    ].join('\n');
    configure(sb, { preExec: [{ run: ['python3', '-c', code] }] });
    const script = `trap '' INT HUP; MYVAR=$(printf 'caf\\351') exec "$@"`;
    const r = await run('/bin/sh', ['-c', script, 'sh', join(sb.shimBin, 'uv'), '--version'], { cwd: sb.work, env: sb.env });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(readFileSync(out, 'utf8')).toBe("(1, 1, b'caf\\xe9')");
    // Without them, the hook starts with default dispositions.
    const plain = await runShim(sb, 'uv', ['--version'], { env: { ...sb.env, MYVAR: 'x' } });
    expect(plain.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe("(-1, 0, b'x')");
  });

  it("sends a hook's output to stderr, never into uv's stdout", async () => {
    const sb = makeSandbox();
    configure(sb, { preExec: ['echo from-the-hook'] });
    const r = await runShim(sb, 'uv', ['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toMatch(/^uv \d+\.\d+\.\d+/);
    expect(r.stdout.toString()).not.toContain('from-the-hook');
    expect(r.stderr).toContain('from-the-hook');
  });

  it('warns about a failing hook and still runs uv', async () => {
    const sb = makeSandbox();
    configure(sb, { preExec: ['exit 3'] });
    const r = await runShim(sb, 'uv', ['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toMatch(/^uv /);
    expect(r.stderr).toMatch(/preExec hook "exit 3" failed: .*exit code 3.*\(uv runs anyway\)/);
  });

  it('stops before uv with exit 124 when a required pre-exec hook fails', async () => {
    const sb = makeSandbox();
    const marker = join(sb.root, 'uv-ran');
    configure(sb, { preExec: [{ run: 'exit 4', required: true, name: 'policy check' }] });
    const r = await runShim(sb, 'uv', ['run', '--no-project', 'python', '-c', `open(${JSON.stringify(marker)}, "w")`]);
    expect(r.code).toBe(124);
    expect(existsSync(marker)).toBe(false);
    expect(r.stderr).toContain('uv-shim: error: preExec hook "policy check" failed');
    expect(r.stderr).toContain('marked required');
  });

  it('kills a hook that runs past its timeout, with everything it started, and warns', async () => {
    const sb = makeSandbox();
    // The sleep is a child of the shell and holds our stderr pipe: had it
    // survived, this run would wait for it and then read its "never".
    configure(sb, { preExec: [{ run: 'sleep 30; echo never', timeoutMs: 300 }] });
    const r = await runShim(sb, 'uv', ['--version']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/preExec hook "sleep 30; echo never" failed: timed out after 300 ms; its process group was killed \(uv runs anyway\)/);
    expect(r.stderr).not.toMatch(/^never$/m);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('takes a running hook down with it when %s ends the shim', async (signal) => {
    const sb = makeSandbox();
    const started = join(sb.root, 'started');
    const survived = join(sb.root, 'survived');
    configure(sb, { preExec: [`touch '${started}'; sleep 1; touch '${survived}'`] });
    const p = startProcess(join(sb.shimBin, 'uv'), ['--version'], { cwd: sb.work, env: sb.env });
    while (!existsSync(started)) await new Promise((r) => setTimeout(r, 20));
    p.child.kill(signal);
    expect(await p.ended).toEqual({ code: null, signal });
    await new Promise((r) => setTimeout(r, 1500));
    expect(existsSync(survived)).toBe(false);
  });

  it('does not run the hooks again for a `uv` that a hook runs (no endless nesting)', async () => {
    const sb = makeSandbox();
    const count = join(sb.root, 'count');
    // Each run of the hook counts itself; the cap only keeps a broken shim
    // from nesting for ever.
    const hook = `n=$(cat '${count}' 2>/dev/null || echo 0); echo $((n + 1)) > '${count}'; [ "$n" -lt 4 ] && uv --version >&2; true`;
    configure(sb, { preExec: [hook] });
    const r = await runShim(sb, 'uv', ['--version']);
    expect(r.code).toBe(0);
    expect(readFileSync(count, 'utf8').trim()).toBe('1');
    // The hook's own `uv` ran, through the shim, and printed uv's version.
    expect(r.stderr).toMatch(/^uv \d+\.\d+\.\d+/m);
  });

  it('runs no hook at all under UV_SHIM_BYPASS=1', async () => {
    const sb = makeSandbox();
    configure(sb, { preExec: [{ run: 'exit 4', required: true }] });
    const r = await runShim(sb, 'uv', ['--version'], { env: { ...sb.env, UV_SHIM_BYPASS: '1' } });
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  });
});
