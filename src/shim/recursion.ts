import { ShimError } from '../errors.js';

// Set on uv's environment: the pid of the shim that spawned it, and how many
// shims deep this is.
export const MARKER_PID = 'UV_SHIM_PARENT_PID';
export const MARKER_DEPTH = 'UV_SHIM_DEPTH';

// A shim may legitimately run inside another: `uv run script.py` where the
// script calls `uv` again goes shim → uv → python → shim. A loop is different:
// the shim spawned what it took for the real uv and got itself back, so this
// process's parent is the shim that set the marker. The launcher `exec`s
// node, so the pid the parent spawned is this process's pid and the marker
// pid is exactly our ppid. The depth cap catches loops through anything that
// forks in between (a wrapper script around a shim). A shim that exec'd
// what it took for uv (exec-uv.ts) and got itself back is the process that
// set the marker: its own pid.
const MAX_DEPTH = 16;

// Throws (exit 125) when this shim was started by a shim that meant to run uv.
export function checkRecursion(env: NodeJS.ProcessEnv, ppid: number = process.ppid, pid: number = process.pid): void {
  const parent = Number(env[MARKER_PID]);
  const depth = Number(env[MARKER_DEPTH] ?? 0);
  if (Number.isInteger(parent) && parent > 0 && (parent === ppid || parent === pid)) {
    throw new ShimError({ kind: 'started-itself' });
  }
  if (Number.isFinite(depth) && depth >= MAX_DEPTH) {
    throw new ShimError({ kind: 'nested-too-deep', depth });
  }
}

// uv's environment: the caller's plus the marker (our pid, depth + 1).
export function markChildEnv(env: NodeJS.ProcessEnv, pid: number = process.pid): NodeJS.ProcessEnv {
  const depth = Number(env[MARKER_DEPTH] ?? 0);
  return { ...env, [MARKER_PID]: String(pid), [MARKER_DEPTH]: String((Number.isFinite(depth) ? depth : 0) + 1) };
}
