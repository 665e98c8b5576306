import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inPty, reapAtEnd, settle, startProcess } from '../helpers/processes.js';
import { makeSandbox, type Sandbox } from '../helpers/sandbox.js';

// Counts SIGINTs for 1.5 s after the first one, then reports. A handler,
// not try/except KeyboardInterrupt around the sleep: an interrupt landing
// on the loop's own line, outside the try, ended the program with a
// traceback now and then instead of being counted.
const COUNTER = `
import os, signal, sys, time
state = {"interrupts": 0, "deadline": time.time() + 20}
def on_sigint(signum, frame):
    state["interrupts"] += 1
    state["deadline"] = min(state["deadline"], time.time() + 1.5)
signal.signal(signal.SIGINT, on_sigint)
print("ready", os.getpid(), "tty" if sys.stdin.isatty() else "notty", flush=True)
while time.time() < state["deadline"]:
    time.sleep(0.05)
print("interrupts=%d" % state["interrupts"], flush=True)
`;

// Runs `uv run python` inside a real pseudo-terminal (util-linux `script`),
// where it is the foreground process group, and types one Ctrl-C into it.
async function ctrlCOnce(sb: Sandbox, uv: string, env: NodeJS.ProcessEnv = sb.env) {
  // uv -v logs each SIGINT it receives ("Received SIGINT, …").
  const quoted = [uv, '-v', 'run', '--no-project', 'python', '-c', COUNTER].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const p = startProcess(...inPty(quoted), { cwd: sb.work, env });
  const ready = await p.waitFor(/ready (\d+) (\w+)/);
  reapAtEnd(Number(ready[1]));
  await settle();
  // What a terminal sends when the user presses Ctrl-C: the line discipline
  // turns it into SIGINT for the whole foreground process group.
  p.child.stdin!.write('\x03');
  await p.waitFor(/interrupts=\d+/);
  p.child.stdin!.end();
  const end = await p.exited;
  const out = p.stdout();
  return {
    tty: ready[2],
    said: /interrupts=\d+/.exec(out)![0],
    end,
    uvSawSigint: out.match(/Received SIGINT/g)?.length ?? 0,
    stdout: out,
  };
}

describe('Ctrl-C at a real terminal', () => {
  it('gives the Python under `uv run` exactly one KeyboardInterrupt through the shim, as without it', async () => {
    const sb = makeSandbox();
    const direct = await ctrlCOnce(sb, sb.realUv);
    const shim = await ctrlCOnce(sb, join(sb.shimBin, 'uv'), { ...sb.env, UV_SHIM_LOG: 'debug' });
    expect({ tty: direct.tty, said: direct.said, uvSawSigint: direct.uvSawSigint }).toEqual({ tty: 'tty', said: 'interrupts=1', uvSawSigint: 1 });
    // Same count in Python, same number of SIGINTs reaching uv (the
    // terminal's own copy only), same exit status as uv without the shim.
    expect({ tty: shim.tty, said: shim.said, uvSawSigint: shim.uvSawSigint, end: shim.end }).toEqual({
      tty: 'tty',
      said: 'interrupts=1',
      uvSawSigint: 1,
      end: direct.end,
    });
    // And the shim knew why it did not pass its copy on.
    expect(shim.stdout).toContain('SIGINT: sent by the terminal to the whole group, uv has it; not forwarded');
    expect(shim.stdout).not.toContain('SIGINT: forwarded');
  });
});
