import { constants } from 'node:os';

// How a child process ended, as Node's 'exit' event reports it. Exactly one
// of the two is set: it exited with a code, or died of a signal.
export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

// The shell's number for a death by signal: 128 + the signal's number (what
// `sh -c` reports, and what uv reports for a child it ran). A signal Node
// does not know keeps the 128 alone, never passing for success.
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

// One exit code for either way of ending: the code itself, or 128 + signal.
export function exitCodeOf(status: ExitStatus): number {
  if (status.signal) return signalExitCode(status.signal);
  return status.code ?? 1;
}

// The signal's name for a number the shell reported (137 → SIGKILL), if any.
export function signalOfNumber(number: number): NodeJS.Signals | undefined {
  const entry = Object.entries(constants.signals).find(([, n]) => n === number);
  return entry?.[0] as NodeJS.Signals | undefined;
}
