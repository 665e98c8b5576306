import { spawn } from 'node:child_process';
import type { UvResult } from '../hooks/types.js';
import { EXIT, ShimError } from './errors.js';
import { proxySignals } from './proxy-signals.js';

// Exactly what uv gets: file, argv, environment, working directory.
export interface SpawnRequest {
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  // Unset: uv starts in the shim's own working directory, as it would have
  // without the shim, even one that no longer exists.
  cwd?: string;
  // Where to say what became of each signal (debug log).
  onSignal?: (signal: NodeJS.Signals, forwarded: boolean) => void;
}

// Runs uv with the shim's own stdin, stdout and stderr: no pipes, so uv and
// Python see the real terminal (colours, progress bars, prompts, isatty) and
// bytes reach the caller without passing through Node.
export function spawnUv(request: SpawnRequest): Promise<UvResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(request.file, request.args, {
      cwd: request.cwd,
      env: request.env,
      // slot 0: stdin, 1: stdout (uv's alone), 2: stderr (shared with the shim's messages)
      stdio: ['inherit', 'inherit', 'inherit'],
    });
    // Forward from the moment uv exists. A pid means fork and exec went
    // through; waiting for the 'spawn' event (a tick later) would leave a gap
    // in which a signal kills the shim with default handling and orphans uv.
    const unproxy = child.pid !== undefined ? proxySignals(child, undefined, request.onSignal) : undefined;
    child.once('error', (error: NodeJS.ErrnoException) => {
      unproxy?.();
      reject(spawnError(request.file, error));
    });
    // 'exit' rather than 'close': with inherited stdio there are no streams to
    // drain, and grandchildren holding the terminal must not keep us waiting.
    child.once('exit', (code, signal) => {
      unproxy?.();
      resolvePromise({ code, signal });
    });
  });
}

function spawnError(file: string, error: NodeJS.ErrnoException): ShimError {
  if (error.code === 'ENOENT') {
    return new ShimError(
      `could not start ${file}: it, or the interpreter its first line names, does not exist (ENOENT).`,
      'The uv binary was removed or its interpreter line points nowhere. Reinstall uv, or set UV_SHIM_REAL_UV.',
      EXIT.notFound,
      { cause: error },
    );
  }
  if (error.code === 'EACCES' || error.code === 'ENOEXEC' || error.code === 'EPERM') {
    return new ShimError(
      `could not start ${file}: permission denied or not an executable (${error.code}).`,
      `Check the file's permissions (chmod +x ${file}) and that it is a uv binary for this machine.`,
      EXIT.cannotExecute,
      { cause: error },
    );
  }
  return new ShimError(
    `could not start ${file}: ${error.message}.`,
    'Run with UV_SHIM_LOG=debug for details, or UV_SHIM_BYPASS=1 to run uv without the shim.',
    EXIT.cannotExecute,
    { cause: error },
  );
}
