import { cpSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startProcess } from '../helpers/processes.js';
import { makeSandbox, run, runReal, runShim, SHIMS_DIR, type Sandbox, writeExecutable } from '../helpers/sandbox.js';

// The launcher (shims/uv) must never be why uv fails: each case runs the
// same command through the shim and straight at the real uv and compares.

const PY = ['run', '--no-project', 'python', '-c'];

// A Node that reports 18: the real one, its version overridden before the
// launcher's first line reads it.
function oldNode(sb: Sandbox): string {
  return writeExecutable(
    sb,
    'old-node',
    'node',
    `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} -e "Object.defineProperty(process.versions, 'node', { value: '18.19.0' }); Object.defineProperty(process, 'version', { value: 'v18.19.0' }); process.argv.splice(1, 1); require(process.argv[1])" -- "$@"\n`,
  );
}

const OLD_NODE_WARNING =
  "uv-shim: warning: Node.js v18.19.0 is older than 20.17; running uv without the shim's checks. Put a newer Node first on PATH, or set UV_SHIM_NODE.\n";

// Both runs' stdout, exit code and signal; stderr kept apart.
async function both(sb: Sandbox, args: string[], env: NodeJS.ProcessEnv) {
  const [shim, real] = await Promise.all([runShim(sb, 'uv', args, { env }), runReal(sb, 'uv', args, { env })]);
  return { shim, real };
}

function sameRun(shim: Awaited<ReturnType<typeof run>>, real: Awaited<ReturnType<typeof run>>) {
  expect({ code: shim.code, signal: shim.signal, stdout: shim.stdout.toString('latin1') }).toEqual({
    code: real.code,
    signal: real.signal,
    stdout: real.stdout.toString('latin1'),
  });
}

describe('the launcher when Node cannot run the shim', () => {
  it('runs the real uv with one line on stderr when the named Node does not exist', async () => {
    const sb = makeSandbox();
    const env = { ...sb.env, UV_SHIM_NODE: join(sb.root, 'no-such-node') };
    const { shim, real } = await both(sb, ['--version'], env);
    sameRun(shim, real);
    expect(shim.stderr).toMatch(/^uv-shim: warning: \S*no-such-node not found on PATH; running uv without the shim's checks\. .*UV_SHIM_NODE\)\.\n$/);
  });

  it('finds Node in a well-known place when PATH has none (cron, launchd)', async () => {
    const sb = makeSandbox();
    // Only the shims and the real uv: no node on PATH at all.
    const env = { ...sb.env, PATH: `${sb.shimBin}:${sb.realUvDir}`, UV_SHIM_LOG: 'debug' };
    const r = await runShim(sb, 'uv', ['--version'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toMatch(/^uv \d/);
    const wellKnown = ['/opt/homebrew/bin/node', '/usr/local/bin/node', '/usr/bin/node'].some((p) => existsSync(p));
    // With a Node there the shim itself ran (its debug log); without, uv ran directly.
    if (wellKnown) expect(r.stderr).toContain('resolve real uv');
    else expect(r.stderr).toMatch(/^uv-shim: warning: node not found on PATH/);
  });

  it('runs the real uv when Node is older than the shim needs', async () => {
    const sb = makeSandbox();
    const env = { ...sb.env, UV_SHIM_NODE: oldNode(sb) };
    const { shim, real } = await both(sb, [...PY, 'import sys; print(sys.argv[1:])', 'a b', ''], env);
    sameRun(shim, real);
    expect(shim.stderr).toBe(OLD_NODE_WARNING);
  });

  it('runs the real uv when the build is missing, and says how to rebuild', async () => {
    const sb = makeSandbox({ linkShims: false });
    // A package with launchers and no dist/ at all.
    const pkg = join(sb.root, 'pkg');
    cpSync(SHIMS_DIR, join(pkg, 'shims'), { recursive: true });
    symlinkSync(join(pkg, 'shims', 'uv'), join(sb.shimBin, 'uv'));
    const { shim, real } = await both(sb, [...PY, 'import sys; print(sys.argv[1:])', 'x'], sb.env);
    sameRun(shim, real);
    expect(shim.stderr).toBe(
      `uv-shim: warning: the shim's build ${join(pkg, 'dist', 'launch', 'shim.cjs')} is missing; running uv without the shim's checks. Run ./install.sh (or npm run build) in ${pkg}.\n`,
    );
  });

  it('UV_SHIM_BYPASS runs the real uv without starting Node', async () => {
    const sb = makeSandbox();
    const marker = join(sb.root, 'node-ran');
    const node = writeExecutable(sb, 'spy', 'node', `#!/bin/sh\n: > ${JSON.stringify(marker)}\nexec ${JSON.stringify(process.execPath)} "$@"\n`);
    for (const value of ['1', 'true', 'YES', 'on']) {
      const env = { ...sb.env, UV_SHIM_NODE: node, UV_SHIM_BYPASS: value };
      const { shim, real } = await both(sb, [...PY, 'import os; print(os.environ.get("UV_SHIM_BYPASS"))'], env);
      sameRun(shim, real);
      expect(shim.stderr).toBe(real.stderr);
    }
    expect(existsSync(marker)).toBe(false);
    // A false value: the shim runs, through that Node.
    const r = await runShim(sb, 'uv', ['--version'], { env: { ...sb.env, UV_SHIM_NODE: node, UV_SHIM_BYPASS: '0' } });
    expect(r.code).toBe(0);
    expect(existsSync(marker)).toBe(true);
  });

  it('UV_SHIM_BYPASS skips launchers on PATH and names none as the real uv', async () => {
    const sb = makeSandbox();
    // A second shim directory (a copy of the launcher) ahead of the real uv.
    const copy = join(sb.root, 'copy');
    mkdirSync(copy);
    cpSync(join(SHIMS_DIR, 'uv'), join(copy, 'uv'));
    const env = { ...sb.env, PATH: `${sb.shimBin}:${copy}:${sb.env.PATH}`, UV_SHIM_BYPASS: '1' };
    const r = await runShim(sb, 'uv', ['--version'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toMatch(/^uv \d/);
    const loop = await runShim(sb, 'uv', ['--version'], { env: { ...env, UV_SHIM_REAL_UV: join(copy, 'uv') } });
    expect(loop.code).toBe(125);
    expect(loop.stderr).toContain('which is a uv-shim launcher, not the real uv');
  });
});

describe("the caller's Node variables reach uv as they were", () => {
  const SHOW = 'import os, json; print(json.dumps({k: os.environ.get(k) for k in ["NODE_OPTIONS", "NODE_EXTRA_CA_CERTS", "NODE_DEBUG"]}))';

  it('NODE_OPTIONS with a --require that fails does not reach the shim, and reaches uv unchanged', async () => {
    const sb = makeSandbox();
    const env = { ...sb.env, NODE_OPTIONS: '--require ./nonexistent.js' };
    const { shim, real } = await both(sb, [...PY, SHOW], env);
    sameRun(shim, real);
    expect(shim.stderr).toBe('');
    expect(JSON.parse(shim.stdout.toString()).NODE_OPTIONS).toBe('--require ./nonexistent.js');
  });

  it('NODE_OPTIONS=--inspect prints nothing, and NODE_DEBUG adds no output', async () => {
    const sb = makeSandbox();
    const env = { ...sb.env, NODE_OPTIONS: '--inspect=127.0.0.1:0', NODE_DEBUG: 'child_process,module' };
    const { shim, real } = await both(sb, [...PY, SHOW], env);
    sameRun(shim, real);
    expect(shim.stderr).toBe('');
  });

  it('NODE_EXTRA_CA_CERTS set, empty and unset are each handed back as they were', async () => {
    const sb = makeSandbox();
    for (const value of ['/etc/ssl/certs/ca-certificates.crt', '', '/nonexistent/stale.pem', undefined]) {
      const env = { ...sb.env };
      delete env.NODE_EXTRA_CA_CERTS;
      if (value !== undefined) env.NODE_EXTRA_CA_CERTS = value;
      const { shim, real } = await both(sb, [...PY, SHOW], env);
      sameRun(shim, real);
      expect(shim.stderr).toBe('');
      expect(JSON.parse(shim.stdout.toString()).NODE_EXTRA_CA_CERTS).toBe(value ?? null);
    }
  });
});

describe('the process state uv gets', () => {
  const DISPOSITIONS = 'import signal; print(signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGHUP))';

  // Runs `prefix uv …` from a shell, through the shim and directly.
  async function fromShell(sb: Sandbox, prefix: string, args: string[], env: NodeJS.ProcessEnv = sb.env) {
    const script = `${prefix} "$@"`;
    const [shim, real] = await Promise.all(
      [join(sb.shimBin, 'uv'), sb.realUv].map((uv) => run('/bin/sh', ['-c', script, 'sh', uv, ...args], { cwd: sb.work, env })),
    );
    return { shim: shim!, real: real! };
  }

  it("keeps signals the caller ignored (trap '') ignored in uv's child, as the real uv does", async () => {
    const sb = makeSandbox();
    const { shim, real } = await fromShell(sb, "trap '' INT HUP; exec", [...PY, DISPOSITIONS]);
    expect(real.stdout.toString()).toBe('1 1\n');
    sameRun(shim, real);
  });

  // The launcher reads signals 1-31 from /proc/$$/stat; a real-time one (40)
  // is in no mask it reads, and must stay ignored all the same. Also through
  // a link whose name holds ") " (the field the launcher must skip), and
  // through the launcher's own fallback when Node is too old.
  it.runIf(process.platform === 'linux')('keeps ignored signals, real-time ones too, however the launcher is named or run', async () => {
    const sb = makeSandbox();
    const show = 'import signal; print(signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGHUP), signal.getsignal(40), signal.getsignal(signal.SIGTERM))';
    const oddLink = join(sb.root, 'odd bin', 'uv) S 1 (x');
    mkdirSync(join(sb.root, 'odd bin'));
    symlinkSync(join(SHIMS_DIR, 'uv'), oddLink);
    const script = `trap '' INT HUP 40; exec "$@"`;
    for (const [uv, env] of [
      [join(sb.shimBin, 'uv'), sb.env],
      [oddLink, sb.env],
      [join(sb.shimBin, 'uv'), { ...sb.env, UV_SHIM_NODE: oldNode(sb) }],
      [sb.realUv, sb.env],
    ] as const) {
      const r = await run('/bin/sh', ['-c', script, 'sh', uv, ...PY, show], { cwd: sb.work, env });
      expect(r.stdout.toString(), uv).toBe('1 1 1 0\n');
      expect(r.code, uv).toBe(0);
    }
  });

  it('keeps SIGHUP ignored under nohup', async () => {
    const sb = makeSandbox();
    const { shim, real } = await fromShell(sb, 'exec nohup', [...PY, DISPOSITIONS]);
    expect(real.stdout.toString()).toMatch(/^<built-in function default_int_handler> 1\n$/);
    sameRun(shim, real);
  });

  it('under nohup, a SIGHUP to the shim during a hook or during uv ends nothing, as with the real uv', async () => {
    const sb = makeSandbox();
    const pidFile = join(sb.root, 'hook.pid');
    writeFileSync(join(sb.work, '.uv-shimrc.json'), JSON.stringify({ hooks: { preExec: [`echo $$ > ${pidFile}; sleep 1`] } }));
    const slow = [...PY, 'import time; print("started", flush=True); time.sleep(1.5); print("done")'];
    for (const uv of [join(sb.shimBin, 'uv'), sb.realUv]) {
      const env = { ...sb.env, UV_SHIM_TRUST_PROJECT_CONFIG: '1' };
      const p = startProcess('/bin/sh', ['-c', 'exec nohup "$@"', 'sh', uv, ...slow], { cwd: sb.work, env });
      if (uv !== sb.realUv) {
        for (let i = 0; i < 300 && !existsSync(pidFile); i++) await sleep(20);
        await sleep(100);
        p.child.kill('SIGHUP');
      }
      await p.waitFor(/started/);
      p.child.kill('SIGHUP');
      expect(await p.exited).toEqual({ code: 0, signal: null });
      expect(p.stdout()).toBe('started\ndone\n');
    }
  });

  it('leaves default dispositions alone (no trampoline) when nothing is ignored', async () => {
    const sb = makeSandbox();
    const { shim, real } = await fromShell(sb, 'exec', [...PY, DISPOSITIONS]);
    expect(real.stdout.toString()).toMatch(/^<built-in function default_int_handler> 0\n$/);
    sameRun(shim, real);
  });

  it.runIf(process.platform === 'linux')('hands bytes that are not UTF-8 in arguments and environment to uv unchanged', async () => {
    const sb = makeSandbox();
    const show =
      'import os, sys; print(repr([os.fsencode(a) for a in sys.argv[1:]]), repr(os.environb.get(b"MYVAR")), repr(os.environb.get(b"NODE_OPTIONS")))';
    // printf makes the bytes: Node cannot pass them itself.
    const prefix = `MYVAR=$(printf 'caf\\351') NODE_OPTIONS=$(printf '\\377x') exec`;
    const { shim, real } = await fromShell(sb, `set -- "$@" "$(printf 'caf\\351.py')" "$(printf 'a\\nb\\\\\\047\\377')"; ${prefix}`, [...PY, show]);
    expect(real.stdout.toString()).toBe(`[b'caf\\xe9.py', b"a\\nb\\\\'\\xff"] b'caf\\xe9' b'\\xffx'\n`);
    sameRun(shim, real);
    expect(shim.stderr).toBe('');
  });

  it.runIf(process.platform === 'linux')('hands those bytes to uv unchanged when Node cannot run the shim too', async () => {
    const sb = makeSandbox();
    const show =
      'import os, sys; print(repr([os.fsencode(a) for a in sys.argv[1:]]), repr(os.environb.get(b"MYVAR")), repr(os.environb.get(b"NODE_OPTIONS")))';
    const prefix = `MYVAR=$(printf 'caf\\351') NODE_OPTIONS=$(printf '\\377x') exec`;
    const env = { ...sb.env, UV_SHIM_NODE: oldNode(sb) };
    const { shim, real } = await fromShell(sb, `set -- "$@" "$(printf 'caf\\351.py')" "" "$(printf 'a\\nb\\\\\\047\\377')"; ${prefix}`, [...PY, show], env);
    expect(real.stdout.toString()).toBe(`[b'caf\\xe9.py', b'', b"a\\nb\\\\'\\xff"] b'caf\\xe9' b'\\xffx'\n`);
    sameRun(shim, real);
    expect(shim.stderr).toBe(OLD_NODE_WARNING);
  });
});
