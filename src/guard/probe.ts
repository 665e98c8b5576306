import { spawn } from 'node:child_process';
import { machOKind } from '../darwin/macho/magic.js';
import { readHead } from '../bounded-read.js';
import type { ProbeResult } from './types.js';

// How long one interpreter start may take before the probe gives up. A first
// start after an install can take seconds on macOS (every dylib validated).
export const PROBE_TIMEOUT_MS = 15_000;

const ELF = [0x7f, 0x45, 0x4c, 0x46];

// Whether the kernel itself would run this file: Mach-O (thin or
// universal), ELF, or a `#!` script. Only these are ever started. Node's
// spawn goes through libuv's execvp, which on ENOEXEC runs the file with
// /bin/sh; uv runs interpreters with execve and gets ENOEXEC instead. The
// head is read from a regular file only, 8 bytes at most. A file rewritten
// between this read and the exec could still reach the shell, but whoever
// can rewrite it can as well write a `#!` line: the check is about not
// running what uv would refuse, not about an attacker.
export function isExecutableFormat(head: Uint8Array): boolean {
  if (machOKind(head) !== 'not-macho') return true;
  if (head.length >= 4 && ELF.every((b, i) => head[i] === b)) return true;
  return head.length >= 2 && head[0] === 0x23 && head[1] === 0x21;
}

// Starts the interpreter doing nothing (-I: ignore PYTHON* and user site;
// -S: no site import; -c '': no script). Death by SIGKILL means the system
// refuses to run it; any other outcome means it can run. A file that is not
// an executable is never started (ran: false). Never throws.
export function probeInterpreter(file: string, env: NodeJS.ProcessEnv, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  const t0 = performance.now();
  const head = readHead(file, 8);
  if (!head || !isExecutableFormat(head)) {
    return Promise.resolve({ ran: false, code: null, signal: null, timedOut: false, ms: 0 });
  }
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
