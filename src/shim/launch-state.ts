import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';

// The process state the launcher's shell part saw before it started Node,
// which Node itself cannot see or keep: what uv must get back.
export interface LaunchState {
  // Signals the caller had ignored (nohup, `trap ''`, a background job of a
  // non-interactive shell). Node resets them at start-up and libuv resets
  // them in every child, so uv gets them ignored again through the
  // trampoline (trampoline.ts).
  ignoredSignals: number[];
  // Per argument of the tool, its raw bytes where they are not UTF-8 (Node
  // decodes argv with U+FFFD in place of each bad byte).
  rawArgs: (Buffer | undefined)[];
  // Environment values that are not UTF-8, raw, by name as uv gets it.
  rawEnv: Map<string, Buffer>;
}

const KEPT_PREFIX = 'UV_SHIM_KEPT_';

// The caller's ignored signals that the shim itself could die of. It ignores
// them too (a no-op listener: nohup's SIGHUP must not end the shim between
// uv's start and its end either) and forwards none of them to uv, which has
// them ignored already. SIGPIPE is not among them: Node ignores it anyway.
const LISTENABLE = ['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGTERM', 'SIGUSR1', 'SIGUSR2', 'SIGALRM', 'SIGWINCH'] as const;
const ignoredByCaller = new Set<string>();

// Did the caller ignore this signal (and so does the shim)?
export function callerIgnores(signal: string): boolean {
  return ignoredByCaller.has(signal);
}

function ignoreAsTheCallerDid(numbers: readonly number[]): void {
  for (const name of LISTENABLE) {
    if (!numbers.includes(constants.signals[name])) continue;
    ignoredByCaller.add(name);
    process.on(name, () => {});
  }
}

// Takes the launcher's notes out of `env` (process.env by default) and puts
// back what it set aside: afterwards `env` is the caller's environment as
// uv would have had it, the Node start-up variables included, set or unset.
// `argCount` is how many arguments the tool got: the last ones on the raw
// command line.
export function takeLaunchState(
  argCount: number,
  env: NodeJS.ProcessEnv = process.env,
  proc: { cmdline?: Buffer; environ?: Buffer } = readOwnProc(argCount, env),
): LaunchState {
  const ignoredSignals = parseSignalMask(env.UV_SHIM_SIGIGN);
  delete env.UV_SHIM_SIGIGN;
  if (env === process.env) ignoreAsTheCallerDid(ignoredSignals);
  // NODE_OPTIONS in this process is the shim's own (UV_SHIM_NODE_OPTIONS) or
  // none: the caller's, if any, is the kept one.
  delete env.NODE_OPTIONS;
  for (const key of Object.keys(env)) {
    if (!key.startsWith(KEPT_PREFIX)) continue;
    env[key.slice(KEPT_PREFIX.length)] = env[key];
    delete env[key];
  }
  return { ignoredSignals, rawArgs: rawArgs(proc.cmdline, argCount), rawEnv: rawEnv(proc.environ) };
}

// Linux keeps the bytes the process was started with in /proc. Node decodes
// argv and environ as UTF-8 with U+FFFD in place of each bad byte, so a
// string without U+FFFD had no bad byte: then the files are not read at all
// (they cost two opens and a scan on every run). With one, both are read
// whole and looked into. macOS has no such files: there the bytes are lost
// before any code of ours runs (README, "Limits").
function readOwnProc(argCount: number, env: NodeJS.ProcessEnv): { cmdline?: Buffer; environ?: Buffer } {
  if (process.platform !== 'linux') return {};
  const replaced = (s: string | undefined) => s?.includes('\uFFFD') === true;
  const args = argCount > 0 && process.argv.slice(-argCount).some(replaced);
  const vars = env === process.env && Object.values(env).some(replaced);
  const read = (name: string) => {
    try {
      return readFileSync(`/proc/self/${name}`);
    } catch {
      return undefined;
    }
  };
  return { cmdline: args ? read('cmdline') : undefined, environ: vars ? read('environ') : undefined };
}

// The decimal mask of /proc/PID/stat's sigignore (field 33), which holds
// signals 1-31: bit n-1 set means signal n is ignored. SIGKILL and SIGSTOP
// cannot be. The real-time signals above 31 need no restoring: neither Node
// nor libuv resets them, so one ignored stays ignored in uv by itself.
export function parseSignalMask(mask: string | undefined): number[] {
  if (!mask || !/^[0-9]{1,10}$/.test(mask)) return [];
  const bits = Number(mask);
  const out: number[] = [];
  for (let n = 1; n <= 31; n++) {
    if (n === constants.signals.SIGKILL || n === constants.signals.SIGSTOP) continue;
    if (Math.floor(bits / 2 ** (n - 1)) % 2 === 1) out.push(n);
  }
  return out;
}

// NUL-terminated strings, as in /proc/PID/cmdline and /proc/PID/environ.
function splitNul(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = buf.indexOf(0); i !== -1; i = buf.indexOf(0, start)) {
    out.push(buf.subarray(start, i));
    start = i + 1;
  }
  if (start < buf.length) out.push(buf.subarray(start));
  return out;
}

function rawArgs(cmdline: Buffer | undefined, argCount: number): (Buffer | undefined)[] {
  if (!cmdline || argCount === 0 || isUtf8(cmdline)) return [];
  return splitNul(cmdline)
    .slice(-argCount)
    .map((arg) => (isUtf8(arg) ? undefined : Buffer.from(arg)));
}

function rawEnv(environ: Buffer | undefined): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (!environ || isUtf8(environ)) return out;
  for (const entry of splitNul(environ)) {
    if (isUtf8(entry)) continue;
    const eq = entry.indexOf(0x3d);
    if (eq <= 0) continue;
    const name = entry.subarray(0, eq).toString('utf8');
    const value = Buffer.from(entry.subarray(eq + 1));
    out.set(name.startsWith(KEPT_PREFIX) ? name.slice(KEPT_PREFIX.length) : name, value);
  }
  return out;
}
