import type { Platform } from '../platform.js';

// Why the explanation speaks at all.
export type ExplainTrigger =
  | 'uv-killed'        // uv itself died of SIGKILL
  | 'exit-137'         // uv exited 137: its child was SIGKILLed (or exited 137)
  | 'query-failed';    // uv exited 2 and a candidate interpreter's probe was SIGKILLed

// What the cgroup counters said about the OOM killer, before and after.
export interface MemoryFacts {
  cgroup: string;
  cgroupVersion: 1 | 2;
  oomKillsBefore: number;
  oomKillsAfter: number;
  // Bytes; null when unlimited.
  memoryMax: number | null;
  // Bytes; null when the kernel does not report it.
  memoryPeak: number | null;
}

// The state of a file macOS refused to run, as the post-mortem read it.
export interface KilledFileFacts {
  file: string;
  // How uv reached it (the python link), when that differs from `file`.
  via: string | null;
  provenance: boolean;
  quarantine: boolean;
  // null when the file has no signature (or could not be read).
  signature: { adhoc: boolean; teamId: string | null; pageHashesValid: boolean | null } | null;
  // spctl --assess: "accepted", "rejected" or why it could not say.
  spctl: string | null;
  // The guard's one-line reason.
  reason: string;
  managed: boolean;
}

// What the shim did about it.
export interface RepairFacts {
  attempted: boolean;
  helped: boolean;
  blocked: boolean;
  commands: string[];
  error: string | null;
  // Why no repair was attempted (policy, containment), when none was.
  skipped: string | null;
}

// Everything the explanation knows: rendered as text on stderr, written as
// JSON for CI (the JSON is this object, field for field).
export interface Explanation {
  schema: 1;
  platform: Platform;
  trigger: ExplainTrigger;
  // What the facts establish.
  cause:
    | 'oom-killer'          // the cgroup's oom_kill counter rose during the run
    | 'outside-sigkill'     // SIGKILL, and no memory limit was hit
    | 'unknown-sigkill'     // SIGKILL, and no counters to tell
    | 'macos-refused';      // macOS killed an interpreter (uv 16726)
  command: string[];
  exit: { code: number | null; signal: string | null };
  attempt: number;
  memory: MemoryFacts | null;
  killed: KilledFileFacts | null;
  repair: RepairFacts | null;
  // 'retrying': the shim runs the command once more; 'disabled': it would
  // have, but retry is off; 'none': no retry applies.
  retry: 'retrying' | 'disabled' | 'none';
  // Commands that fix it, in the order to try them.
  fixes: string[];
  upstream: string | null;
}

export const UPSTREAM_GATEKEEPER = 'https://github.com/astral-sh/uv/issues/16726';
