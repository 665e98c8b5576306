import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childPids, executableOf, reapAtEnd, settle, startProcess } from '../helpers/processes.js';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.js';

// A Python that reports its pid, then waits; it records which signals reach
// it and how many SIGINTs it saw (counted by a handler, which no interrupt
// can miss, as one landing outside a try/except around the sleep did).
const WAITER = `
import os, signal, sys, time
def on_term(signum, frame):
    print("got SIGTERM", flush=True)
    sys.exit(3)
signal.signal(signal.SIGTERM, on_term)
state = {"interrupts": 0, "deadline": time.time() + 20}
def on_int(signum, frame):
    state["interrupts"] += 1
    state["deadline"] = min(state["deadline"], time.time() + 1.5)
signal.signal(signal.SIGINT, on_int)
print("ready", os.getpid(), flush=True)
while time.time() < state["deadline"]:
    time.sleep(0.05)
print("interrupts=%d" % state["interrupts"], flush=True)
sys.exit(10 + state["interrupts"])
`;

function startWaiter(sb: Sandbox, via: 'shim' | 'real') {
  const file = via === 'shim' ? join(sb.shimBin, 'uv') : sb.realUv;
  return startProcess(file, ['run', '--no-project', 'python', '-c', WAITER], { cwd: sb.work, env: sb.env });
}

async function readyPid(p: ReturnType<typeof startWaiter>): Promise<number> {
  const m = await p.waitFor(/ready (\d+)/);
  const pid = Number(m[1]);
  reapAtEnd(pid);
  await settle();
  return pid;
}

describe('signals through the shim', () => {
  it('forwards SIGTERM sent to the shim to the Python under `uv run`', async () => {
    const sb = makeSandbox();
    const p = startWaiter(sb, 'shim');
    await readyPid(p);
    p.child.kill('SIGTERM');
    const end = await p.exited;
    expect({ end, stdout: p.stdout(), stderr: p.stderr() }).toEqual({
      end: { code: 3, signal: null },
      stdout: expect.stringContaining('got SIGTERM'),
      stderr: '',
    });
  });

  it('exits 137 when the Python under `uv run` is killed with SIGKILL, as uv reports it', async () => {
    const sb = makeSandbox();
    const p = startWaiter(sb, 'shim');
    const python = await readyPid(p);
    process.kill(python, 'SIGKILL');
    expect(await p.exited).toEqual({ code: 137, signal: null });
    expect(p.stderr()).not.toMatch(/uv-shim: (error|internal)/);
  });

  it('dies of the same signal when uv itself is killed', async () => {
    const sb = makeSandbox();
    const p = startWaiter(sb, 'shim');
    const python = await readyPid(p);
    const uv = childPids(p.child.pid!).find((pid) => executableOf(pid).endsWith('/uv'));
    expect(uv, `uv among the shim's children ${childPids(p.child.pid!)}`).toBeDefined();
    expect(childPids(uv!)).toContain(python);
    process.kill(uv!, 'SIGKILL');
    // The orphaned Python still holds the pipes: wait for the shim's own end.
    expect(await p.ended).toEqual({ code: null, signal: 'SIGKILL' });
  });

  it('passes a `kill -INT` aimed at the shim alone (no terminal) on to uv, like uv itself', async () => {
    // Nobody else got this SIGINT (no terminal sent it to a group), so the
    // shim must hand it to uv, which then does what it does with a SIGINT
    // sent to its own pid. Two SIGINTs to the shim must reach Python exactly
    // as two SIGINTs sent to uv directly do; had the shim swallowed them,
    // Python would see none.
    const sb = makeSandbox();
    const outcomes = [];
    for (const via of ['real', 'shim'] as const) {
      const p = startWaiter(sb, via);
      await readyPid(p);
      p.child.kill('SIGINT');
      await new Promise((r) => setTimeout(r, 300));
      p.child.kill('SIGINT');
      const end = await p.exited;
      outcomes.push({ end, said: /interrupts=\d+/.exec(p.stdout())?.[0] });
    }
    const [real, shim] = outcomes;
    expect(real!.said).not.toBe('interrupts=0');
    expect(shim).toEqual(real);
  });
});
