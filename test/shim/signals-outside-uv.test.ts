import { existsSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { startProcess } from '../helpers/processes.js';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.js';

// Signals that reach the shim while uv is not running: during Node's
// start-up, a hook, or after uv ended. SIGUSR1 must never open Node's
// inspector; a signal that ends the shim must end a hook's group with it.

// A hook that writes its pid, then waits in the same process (exec). Runs
// are given UV_SHIM_TRUST_PROJECT_CONFIG: project hooks run only when trusted.
function waitingHook(sb: Sandbox, phase: 'preExec' | 'postExit'): string {
  const pidFile = join(sb.root, `${phase}.pid`);
  writeFileSync(
    join(sb.work, '.uv-shimrc.json'),
    JSON.stringify({ hooks: { [phase]: [{ run: `echo $$ > ${pidFile}; exec sleep 30`, timeoutMs: 60_000 }] } }),
  );
  return pidFile;
}

async function pidFrom(file: string): Promise<number> {
  for (let i = 0; i < 300 && !existsSync(file); i++) await sleep(20);
  for (let i = 0; i < 50; i++) {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (pid > 0) return pid;
    await sleep(20);
  }
  throw new Error(`no pid in ${file}`);
}

// Running: a zombie (ended, not yet reaped by whoever inherited it) is not.
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

// TCP sockets the process listens on: its socket fds matched against the
// LISTEN (0A) entries of /proc/net/tcp and tcp6.
function listeningSockets(pid: number): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // Closed meanwhile.
    }
  }
  const out: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[3] === '0A' && inodes.has(f[9]!)) out.push(f[1]!);
    }
  }
  return out;
}

describe.runIf(process.platform === 'linux')('signals outside uv’s run', () => {
  it('a SIGUSR1 at any moment of start-up opens no inspector', async () => {
    const sb = makeSandbox();
    const pidFile = waitingHook(sb, 'preExec');
    for (const delay of [0, 5, 15, 30, 60, 150]) {
      const p = startProcess(join(sb.shimBin, 'uv'), ['--version'], { cwd: sb.work, env: { ...sb.env, UV_SHIM_TRUST_PROJECT_CONFIG: '1' } });
      await sleep(delay);
      p.child.kill('SIGUSR1');
      const outcome = await Promise.race([p.ended, pidFrom(pidFile).then((pid) => ({ hook: pid }))]);
      if ('hook' in outcome) {
        // Node's own start-up had the signal: its inspector failed to listen,
        // and the shim carried on into the hook. Nothing listens.
        expect(listeningSockets(p.child.pid!)).toEqual([]);
        p.child.kill('SIGTERM');
        await p.ended;
      } else {
        // The launcher's listener had it: the shim died of it, as uv would.
        expect(outcome).toEqual({ code: null, signal: 'SIGUSR1' });
      }
      await p.exited;
      expect(p.stderr()).not.toContain('Debugger listening');
      expect(p.stderr().replace(/^Starting inspector on 192\.0\.2\.1:0 failed: address not available\n/gm, '')).toBe('');
      writeFileSync(pidFile, '');
    }
  });

  it.each([
    ['preExec', 'SIGUSR1'],
    ['preExec', 'SIGUSR2'],
    ['preExec', 'SIGALRM'],
    ['postExit', 'SIGUSR1'],
  ] as const)('a %s hook: %s ends the shim and the hook’s process group, and opens no inspector', async (phase, signal) => {
    const sb = makeSandbox();
    const pidFile = waitingHook(sb, phase);
    const p = startProcess(join(sb.shimBin, 'uv'), ['--version'], { cwd: sb.work, env: { ...sb.env, UV_SHIM_TRUST_PROJECT_CONFIG: '1' } });
    const hook = await pidFrom(pidFile);
    expect(alive(hook)).toBe(true);
    p.child.kill(signal);
    expect(await p.ended).toEqual({ code: null, signal });
    for (let i = 0; i < 50 && alive(hook); i++) await sleep(20);
    expect(alive(hook)).toBe(false);
    await p.exited;
    expect(p.stderr()).not.toContain('Debugger');
    if (phase === 'postExit') expect(p.stdout()).toMatch(/^uv \d/);
  });
});
