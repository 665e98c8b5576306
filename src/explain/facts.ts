import type { Platform } from '../platform.js';
import type { CrashReport, KillKind } from './evidence-ips.js';
import type { RepairOutcome } from '../guard/repair-outcome.js';

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
// What became of the repair: the guard's outcome itself, so the explanation
// says what the stderr line and repairs.log say (guard/repair-text.ts).
export type RepairFacts = RepairOutcome;

// What macOS itself wrote about the kill: the crash report of a process of
// this run, and the kernel's log line when the report names no file.
export interface EvidenceFacts {
  // Where the reports were looked for ($HOME/Library/Logs/DiagnosticReports).
  reportsDir: string;
  // The report matched to this run, or null when macOS wrote none.
  report: (CrashReport & { path: string }) | null;
  // What the report says killed it; 'none' without a report.
  kind: KillKind | 'none';
  // The file macOS killed for: the executable (taskgated, launch
  // constraint) or the mapped file the log names (invalid page); without a
  // report, a file of the command the shim's re-check found macOS refuses.
  file: string | null;
  fileFrom: 'report' | 'log' | 'check' | null;
  // The unified log: asked only when the report names no file.
  log: { asked: boolean; error: string | null; line: string | null };
}

// Everything the explanation knows: rendered as text on stderr, written as
// JSON for CI (the JSON is this object, field for field).
export interface Explanation {
  // 2: `evidence` added, causes 'interpreter-killed'.
  schema: 2;
  platform: Platform;
  trigger: ExplainTrigger;
  // What the facts establish.
  cause:
    | 'oom-killer'          // the cgroup's oom_kill counter rose during the run
    | 'outside-sigkill'     // SIGKILL, and no memory limit was hit
    | 'unknown-sigkill'     // SIGKILL, and no counters to tell
    | 'macos-refused'       // macOS killed an interpreter or a file it maps (uv 16726)
    | 'interpreter-killed'; // uv's probe of an interpreter was SIGKILLed (any OS)
  command: string[];
  exit: { code: number | null; signal: string | null };
  attempt: number;
  memory: MemoryFacts | null;
  killed: KilledFileFacts | null;
  // macOS only: what the crash reports and the unified log said.
  evidence: EvidenceFacts | null;
  repair: RepairFacts | null;
  // 'retrying': the shim runs the command once more; 'disabled': it would
  // have, but retry is off; 'none': no retry applies.
  retry: 'retrying' | 'disabled' | 'none';
  // Commands that fix it, in the order to try them.
  fixes: string[];
  upstream: string | null;
}

export const UPSTREAM_GATEKEEPER = 'https://github.com/astral-sh/uv/issues/16726';
