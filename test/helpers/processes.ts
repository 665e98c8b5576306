import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { onTestFinished } from 'vitest';

export interface LiveProcess {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  // Resolves once stdout (or, with `stream: 'stderr'`, stderr) matches.
  waitFor(pattern: RegExp, stream?: 'stdout' | 'stderr', timeoutMs?: number): Promise<RegExpExecArray>;
  // After the process ended and its output pipes closed.
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  // As soon as the process ended, even if a grandchild still holds its pipes.
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

// Starts a process with piped stdio and keeps it observable while it runs,
// for tests that signal it mid-flight. Killed (with its group) at test end.
export function startProcess(file: string, args: string[], options: SpawnOptions = {}): LiveProcess {
  const child = spawn(file, args, { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  const notify = () => {
    for (const wake of waiters.splice(0)) wake();
  };
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString('utf8');
    notify();
  });
  child.stderr!.on('data', (c: Buffer) => {
    err += c.toString('utf8');
    notify();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      notify();
      resolve({ code, signal });
    }),
  );
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  let done = false;
  void exited.then(() => (done = true));
  onTestFinished(() => {
    if (!done) child.kill('SIGKILL');
  });
  const waitFor = (pattern: RegExp, stream: 'stdout' | 'stderr' = 'stdout', timeoutMs = 30_000) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`timed out waiting for ${pattern} on ${stream}\nstdout: ${out}\nstderr: ${err}`)),
        timeoutMs,
      );
      const check = () => {
        const m = pattern.exec(stream === 'stdout' ? out : err);
        if (m) {
          clearTimeout(timer);
          resolve(m);
        } else if (done) {
          clearTimeout(timer);
          reject(new Error(`process ended before ${pattern} appeared on ${stream}\nstdout: ${out}\nstderr: ${err}`));
        } else waiters.push(check);
      };
      check();
    });
  return { child, stdout: () => out, stderr: () => err, waitFor, exited, ended };
}

// The direct children of a pid: every process whose ppid it is. (Reading
// /proc/PID/task/PID/children would miss children a multi-threaded parent
// such as uv started from another thread.) macOS has no /proc: ask ps.
export function childPids(pid: number): number[] {
  if (process.platform !== 'linux') {
    const out = execFileSync('ps', ['-A', '-o', 'pid=', '-o', 'ppid='], { encoding: 'utf8' });
    return out.split('\n').map((l) => l.trim().split(/\s+/).map(Number)).filter(([, ppid]) => ppid === pid).map(([p]) => p!);
  }
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

// The executable path of a pid, to tell uv from the Python it runs.
export function executableOf(pid: number): string {
  if (process.platform !== 'linux') {
    return execFileSync('ps', ['-o', 'comm=', '-p', String(pid)], { encoding: 'utf8' }).trim();
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
  } catch {
    return '';
  }
}

// argv for running a shell command line inside a new pseudo-terminal with
// `script`: util-linux syntax on Linux, BSD syntax on macOS.
export function inPty(commandLine: string): [string, string[]] {
  return process.platform === 'linux'
    ? ['script', ['-qfec', commandLine, '/dev/null']]
    : ['script', ['-q', '/dev/null', '/bin/sh', '-c', commandLine]];
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// Kills a pid at test end if it is still there (an orphaned Python).
export function reapAtEnd(pid: number): void {
  onTestFinished(() => {
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  });
}

// uv installs its own signal handlers only after it has started the child,
// so a signal that lands in the first instants after Python says "ready" can
// still find uv with default handlers (and kill it, with or without the
// shim). Tests that signal a running `uv run` wait this long first.
export const UV_HANDLERS_SETTLE_MS = 300;

export function settle(ms: number = UV_HANDLERS_SETTLE_MS): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
