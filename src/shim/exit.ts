import { readFileSync } from 'node:fs';
import { signalExitCode, type ExitStatus } from '../common/exit-status.js';

// Ends this process the way uv ended: the same exit code, or death by the
// same signal. A signal is re-raised on ourselves after removing every
// listener, so the default action (terminate, maybe core) applies and the
// caller's wait() sees WIFSIGNALED, exactly as if it had run uv directly.
//
// SIGPIPE: Node starts with SIGPIPE ignored, so the shim never dies of a
// write to a closed pipe (it gets EPIPE and carries on; it writes only to
// stderr anyway). uv is spawned with default dispositions (libuv resets them
// in the child), so uv and Python behave in a pipeline as they would without
// the shim. While uv runs the shim has a SIGPIPE listener (to forward it);
// removing the last listener makes libuv restore SIG_DFL, not SIG_IGN, so if
// uv died of SIGPIPE the re-raise below kills the shim with SIGPIPE too
// (tested in exit-status.test.ts). Only if the listener was never installed
// would the signal be ignored; the timer then exits 141 (128 + 13), the shell
// convention.
export function mirrorExit(result: ExitStatus): never | void {
  if (result.signal) {
    const signal = result.signal;
    if (DUMPS_CORE.has(signal)) keepOwnCoreSmall();
    process.removeAllListeners(signal);
    // Node installs its own handlers for a few signals; resetting listeners
    // restores SIG_DFL for the rest.
    try {
      process.kill(process.pid, signal);
    } catch {
      process.exit(signalExitCode(signal));
    }
    // Keep the event loop alive until the signal lands. For signals whose
    // default action is to ignore (SIGWINCH, SIGCHLD) fall back to the shell
    // convention after a moment.
    setTimeout(() => process.exit(signalExitCode(signal)), 200);
    return;
  }
  process.exit(result.code ?? 1);
}

// The signals whose default action writes a core file (signal(7)).
const DUMPS_CORE = new Set<string>(['SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE', 'SIGSEGV', 'SIGXCPU', 'SIGXFSZ', 'SIGSYS']);

// uv's core file, if the user's limit allows one, is written already; the
// re-raise would add Node's own, some 50 MB with nothing about uv in it. Node
// cannot set its own limits, but on Linux prlimit(1) sets another process's
// (same user): the soft core limit goes to 0 for this dying shim alone, uv
// ran with the user's. The wait status stays death by the same signal; only
// its core-dumped bit is clear (a shell then prints no "(core dumped)").
// Without prlimit, and on macOS (no equivalent; its default soft limit is 0),
// Node's core is written as the user's limit allows.
function keepOwnCoreSmall(): void {
  if (process.platform !== 'linux') return;
  try {
    const limits = readFileSync('/proc/self/limits', 'utf8');
    const soft = /^Max core file size\s+(\S+)/m.exec(limits)?.[1];
    if (soft === undefined || soft === '0') return;
    const { spawnSync } = process.getBuiltinModule('node:child_process');
    spawnSync('prlimit', [`--pid=${process.pid}`, '--core=0:'], { stdio: 'ignore', timeout: 2000 });
  } catch {
    // No /proc: nothing more to do.
  }
}
