import { execveAccepts } from './exec-uv-file.js';
import type { SpawnRequest } from './spawn-uv.js';
import { execPlan } from './trampoline.js';

// When the shim has nothing left to do after uv exits (run.ts decides), it
// does not wait for uv: on a Node with process.execve (22.15+, 23.11+) this
// process becomes uv, with execve(2). uv then has the shim's pid, the
// caller's signals reach it directly, and its exit status is the caller's
// by construction; Node neither loads child_process, nor forks, nor waits,
// nor tears itself down. Everywhere else, and whenever one of the checks
// below is not sure, uv is spawned as before.

// Why the process was not handed to uv, for the debug log.
export type ExecRefusal =
  | 'no-execve'
  | 'own-cwd'
  | 'stdio-in-use'
  | 'work-pending'
  | 'bytes-lost'
  | 'unpassable'
  | 'not-executable'
  | 'rejected';

// Once Node has made a stream of stdin, stdout or stderr, exec is off: a
// write to a pipe may still be queued (asynchronous on macOS), which exec
// would drop, and the stream has set O_NONBLOCK on the file description,
// which uv would inherit (Node undoes it at exit; exec is no exit). The
// shim's messages (src/log.ts) go through process.stderr, so a run that said
// anything spawns uv and loses no line. Node makes the streams on first use
// of these properties: wrapping their getters is how to know, without
// making them. Called first thing at launch.
const STDIO = ['stdin', 'stdout', 'stderr'] as const;
let stdioUsed = false;

export function watchStdio(): void {
  for (const name of STDIO) {
    const property = Object.getOwnPropertyDescriptor(process, name);
    const get = property?.get;
    if (!get || !property.configurable) {
      stdioUsed = true;
      continue;
    }
    Object.defineProperty(process, name, {
      ...property,
      get() {
        stdioUsed = true;
        return get.call(process);
      },
    });
  }
}

// Node ignores SIGPIPE and SIGXFSZ for itself (node.cc, PlatformInit), and
// execve(2) keeps an ignored signal ignored: uv would start with both
// ignored, unlike a uv run directly (SigIgn in /proc/PID/status). A caught
// signal is reset to its default by exec, and a listener makes Node catch
// it. Signals the caller ignored are ignored again by the trampoline.
const IGNORED_BY_NODE = ['SIGPIPE', 'SIGXFSZ'] as const;

// Linux takes at most a quarter of the stack limit for argv and environment
// together, and never less than 128 KiB; each string below 128 KiB
// (MAX_ARG_STRLEN). macOS takes 1 MiB (ARG_MAX). More than this bound is
// spawned, where a failure (E2BIG) is reported instead of aborting.
const ARGS_AND_ENV_BOUND = 128 * 1024;

type Execve = (file: string, args: string[], env: Record<string, string>) => never;

// Returns only when it did not exec, and says why.
//
// What can still make execve fail after these checks, so that Node aborts
// (exit 134, "process.execve failed with error code …") instead of the shim
// reporting it: the file replaced or made unrunnable between the check and
// the exec (microseconds; only by someone who may write to it or its
// directory), ETXTBSY (the file is open for writing at that moment: an
// installer writing uv in place), a loader that exists but is broken, or the
// kernel out of memory. In each of those uv could not have run either: the
// difference is only how the failure is worded.
//
// A signal for which the shim has a listener (SIGUSR1, those the caller
// ignored, SIGPIPE and SIGXFSZ just before the exec) that lands in the last
// microseconds before exec is taken by Node and not acted on; one that lands
// during or after the exec reaches uv.
export function execUv(request: SpawnRequest): ExecRefusal {
  const execve = (process as { execve?: Execve }).execve;
  if (typeof execve !== 'function') return 'no-execve';
  // spawn's cwd has no exec equivalent short of chdir; the launcher sets none.
  if (request.cwd !== undefined) return 'own-cwd';
  if (stdioUsed) return 'stdio-in-use';
  // Nothing else queued: a file write, a timer, a child the shim still waits
  // for would be cut off. Signal listeners are not counted here.
  if (process.getActiveResourcesInfo().length > 0) return 'work-pending';
  const plan = execPlan(request.file, request.args, request.env, request.launch, request.prefixLength);
  // spawnUv warns about these; let it.
  if (plan.lost.length > 0) return 'bytes-lost';
  const argv = [plan.file, ...plan.args];
  const env = stringsOnly(request.env);
  if (!passable(argv, env)) return 'unpassable';
  if (!execveAccepts(plan.file) || (plan.file !== request.file && !execveAccepts(request.file))) return 'not-executable';

  const noop = () => {};
  for (const signal of IGNORED_BY_NODE) process.on(signal, noop);
  // The compile caches the launcher keeps are written by it just before this
  // exec (shims/uv wraps process.execve while one is due).
  try {
    execve(plan.file, argv, env);
  } catch {
    // Only Node's argument validation throws, and passable() ran it first.
  }
  for (const signal of IGNORED_BY_NODE) process.removeListener(signal, noop);
  return 'rejected';
}

// The environment as execve takes it: strings only (spawn skips undefined
// values; process.execve throws on them).
function stringsOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined) out[name] = value;
  }
  return out;
}

// No NUL (Node refuses it, and prints an experimental-feature warning once
// it has), and within the size bound: each string with its NUL and pointer.
function passable(argv: readonly string[], env: Record<string, string>): boolean {
  let size = 0;
  const add = (s: string) => {
    if (s.includes('\0')) return false;
    size += Buffer.byteLength(s) + 1 + 8;
    return size <= ARGS_AND_ENV_BOUND;
  };
  return argv.every(add) && Object.entries(env).every(([name, value]) => add(`${name}=${value}`));
}
