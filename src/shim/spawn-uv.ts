import type { ExitStatus } from '../common/exit-status.js';
import { ShimError } from '../errors.js';
import type { LaunchState } from './launch-state.js';
import { proxySignals } from './proxy-signals.js';
import { execPlan } from './trampoline.js';

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
  // The launcher's state to restore in uv (ignored signals, raw bytes), and
  // how many of `args` the shim put before the user's (`tool run`).
  launch?: LaunchState;
  prefixLength?: number;
  // Told the names of variables whose raw bytes could not be handed back.
  onLost?: (names: string[]) => void;
  // Told uv's process id once it exists.
  onStart?: (pid: number) => void;
}

// Runs uv with the shim's own stdin, stdout and stderr: no pipes, so uv and
// Python see the real terminal (colours, progress bars, prompts, isatty) and
// bytes reach the caller without passing through Node.
export function spawnUv(request: SpawnRequest): Promise<ExitStatus> {
  return new Promise((resolvePromise, reject) => {
    const plan = execPlan(request.file, request.args, request.env, request.launch, request.prefixLength);
    if (plan.lost.length > 0) request.onLost?.(plan.lost);
    // Fetched here, not imported: node:child_process brings Node's net and
    // stream modules along (~2 ms of start-up), which a run that never
    // spawns uv does not need.
    const { spawn } = process.getBuiltinModule('node:child_process');
    const child = spawn(plan.file, plan.args, {
      cwd: request.cwd,
      env: request.env,
      // slot 0: stdin, 1: stdout (uv's alone), 2: stderr (shared with the shim's messages)
      stdio: ['inherit', 'inherit', 'inherit'],
    });
    // Forward from the moment uv exists. A pid means fork and exec went
    // through; waiting for the 'spawn' event (a tick later) would leave a gap
    // in which a signal kills the shim with default handling and orphans uv.
    const unproxy = child.pid !== undefined ? proxySignals(child, undefined, request.onSignal) : undefined;
    if (child.pid !== undefined) request.onStart?.(child.pid);
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

// What spawn(2) said, as facts; src/failure-text.ts words it.
function spawnError(file: string, error: NodeJS.ErrnoException): ShimError {
  return new ShimError({ kind: 'uv-cannot-start', file, errno: error.code, reason: error.message }, { cause: error });
}
