import type { ChildProcess } from 'node:child_process';
import { inForegroundOfTerminal } from './foreground.js';
import { callerIgnores } from './launch-state.js';

// The signals uv itself forwards to the program it runs (uv's
// run_to_completion); the shim forwards the same set to uv so that a
// supervisor talking to the shim's pid gets the behaviour it would get from uv.
export const FORWARDED_SIGNALS: NodeJS.Signals[] = [
  'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGALRM', 'SIGWINCH', 'SIGPIPE',
];

// SIGINT needs care. A Ctrl-C typed at a terminal goes to the whole
// foreground process group: the shim, uv and Python each get one. uv ignores
// the first SIGINT while its child runs ("assuming the child received it as
// part of the process group") and forwards any further ones, so if the shim
// passed its copy on, uv would see two and Python would get two
// KeyboardInterrupts. A `kill -INT <shim pid>` from a CI runner or a
// supervisor reaches the shim alone, and must be passed on or it is lost.
//
// How the two are told apart: at the moment SIGINT arrives, the shim checks
// whether its process group is the terminal's foreground group (tpgid ==
// pgrp, from /proc/self/stat or ps). If it is, the terminal sent it to the
// group and uv already has it: the shim does nothing. If there is no
// terminal, or the shim runs in the background, nobody else got it: the shim
// forwards it to uv. The one case this gets wrong is a `kill -INT` aimed at
// the shim's pid while it runs in the foreground of a terminal; sending it to
// the process group (`kill -INT -PGID`) does what the user means there.
export function proxySignals(
  child: ChildProcess,
  isForeground: () => boolean = inForegroundOfTerminal,
  // Told what became of each signal, for UV_SHIM_LOG=debug.
  report: (signal: NodeJS.Signals, forwarded: boolean) => void = () => {},
): () => void {
  const listeners = new Map<NodeJS.Signals, () => void>();
  const forward = (signal: NodeJS.Signals) => {
    try {
      child.kill(signal);
    } catch {
      // The child may have exited between the signal and this handler.
    }
    report(signal, true);
  };
  // A signal the caller ignored is ignored by uv too (launch-state.ts).
  for (const signal of FORWARDED_SIGNALS) {
    if (callerIgnores(signal)) continue;
    const listener = () => forward(signal);
    listeners.set(signal, listener);
    process.on(signal, listener);
  }
  const onInt = () => {
    if (isForeground()) report('SIGINT', false);
    else forward('SIGINT');
  };
  if (!callerIgnores('SIGINT')) {
    listeners.set('SIGINT', onInt);
    process.on('SIGINT', onInt);
  }

  return () => {
    for (const [signal, listener] of listeners) process.removeListener(signal, listener);
  };
}
