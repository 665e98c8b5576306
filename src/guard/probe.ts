import { spawn } from 'node:child_process';
import type { ProbeResult } from './types.js';

// How long one interpreter start may take before the probe gives up. A first
// start after an install can take seconds on macOS (every dylib validated).
export const PROBE_TIMEOUT_MS = 15_000;

// Starts the interpreter doing nothing (-I: ignore PYTHON* and user site;
// -S: no site import; -c '': no script). Death by SIGKILL means the system
// refuses to run it; any other outcome means it can run. Never throws.
export function probeInterpreter(file: string, env: NodeJS.ProcessEnv, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    let timedOut = false;
    let settled = false;
    const done = (result: Omit<ProbeResult, 'ms' | 'timedOut'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...result, timedOut, ms: Math.round((performance.now() - t0) * 10) / 10 });
    };
    // stdio ignored: the probe must never write into uv's stdout.
    const child = spawn(file, ['-I', '-S', '-c', ''], { env, stdio: 'ignore' });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', () => done({ ran: false, code: null, signal: null }));
    child.on('exit', (code, signal) => {
      // Our own timeout kill is not the system's: reported as timedOut.
      done({ ran: code !== null, code, signal: timedOut ? null : signal });
    });
  });
}
