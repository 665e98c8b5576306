import { constants } from 'node:os';
import type { UvResult } from '../hooks/types.js';

// Ends this process the way uv ended: the same exit code, or death by the
// same signal. A signal is re-raised on ourselves after removing every
// listener, so the default action (terminate, maybe core) applies and the
// caller's wait() sees WIFSIGNALED, exactly as if it had run uv directly.
export function mirrorExit(result: UvResult): never | void {
  if (result.signal) {
    const signal = result.signal;
    process.removeAllListeners(signal);
    // Node installs its own handlers for a few signals; resetting listeners
    // restores SIG_DFL for the rest.
    try {
      process.kill(process.pid, signal);
    } catch {
      process.exit(128 + (constants.signals[signal] ?? 1));
    }
    // Keep the event loop alive until the signal lands. For signals whose
    // default action is to ignore (SIGWINCH, SIGCHLD) fall back to the shell
    // convention after a moment.
    setTimeout(() => process.exit(128 + (constants.signals[signal] ?? 1)), 200);
    return;
  }
  process.exit(result.code ?? 1);
}

export function describeResult(result: UvResult): string {
  return result.signal ? `signal ${result.signal}` : `exit ${result.code}`;
}
