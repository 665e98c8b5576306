import type { ToolStep } from '../darwin/types.js';
import type { Candidate, Verdict, VerdictState } from './types.js';

// What became of one repair. Every account of it (the stderr line, the
// repairs.log entry, `uv-shim repair` and its dry run, the explanation)
// is rendered from this value by repair-text.ts, so none can disagree.
export type RepairStatus =
  | 'repaired'       // it runs now (steps ran here, or another uv-shim fixed it)
  | 'did-not-help'   // steps ran and it is still refused
  | 'blocked'        // the system refused a step and the file is still refused
  | 'skipped'        // nothing was run; `skipped` says why
  | 'planned';       // a dry run: `steps` are what would run

// Why nothing was run. Each kind carries the facts its sentence needs.
export type SkipReason =
  | { kind: 'not-macos' }
  | { kind: 'guard-off' }
  | { kind: 'named-after-run' }
  | { kind: 'launch-constraint' }
  | { kind: 'no-command-line-tools' }
  | { kind: 'gone' }
  | { kind: 'repairs-off' }
  | { kind: 'no-terminal' }
  | { kind: 'protected'; tree: string }
  | { kind: 'outside-allowed' }
  | { kind: 'hard-linked'; links: number; outside: string | null }
  | { kind: 'others-can-write'; dir: string; by: 'others' | 'group'; gid: number }
  | { kind: 'foreign-owner'; path: string; uid: number }
  | { kind: 'failed-before' }
  | { kind: 'failed-elsewhere' }
  | { kind: 'declined' }
  | { kind: 'lock-busy' }
  | { kind: 'changed'; detail: string };

// One command of a repair and what became of it.
export type RepairStep = ToolStep;

export interface RepairOutcome {
  status: RepairStatus;
  // The real path repaired (or not): the file that was checked.
  file: string;
  // How the user refers to it (the link that led there).
  via: string;
  before: VerdictState;
  // The verdict's sentence, and the signature as inspected before.
  why: string;
  signatureBefore: string | null;
  // The state once the steps ran (null when nothing was checked after).
  after: VerdictState | null;
  afterWhy: string | null;
  signatureAfter: string | null;
  steps: RepairStep[];
  skipped: SkipReason | null;
  // A failure of the shim itself while repairing (not a tool's answer).
  error: string | null;
}

// The file runs now.
export function repairHelped(outcome: RepairOutcome): boolean {
  return outcome.status === 'repaired';
}

// Something was run on the file (a dry run runs nothing).
export function repairAttempted(outcome: RepairOutcome): boolean {
  return outcome.status === 'repaired' ? outcome.steps.length > 0 : outcome.status === 'did-not-help' || outcome.status === 'blocked';
}

// The status a finished repair earns: whether the file runs afterwards
// decides; a refusal only explains a file that still does not run.
export function finishedStatus(runs: boolean, steps: RepairStep[]): RepairStatus {
  if (runs) return 'repaired';
  return steps.some((s) => s.result === 'refused') ? 'blocked' : 'did-not-help';
}

// An outcome for `candidate` as judged by `verdict`, nothing done yet.
export function outcomeOf(candidate: Pick<Candidate, 'file' | 'via'>, verdict: Pick<Verdict, 'state' | 'reason'>, status: RepairStatus, extra: Partial<RepairOutcome> = {}): RepairOutcome {
  return {
    status, file: candidate.file, via: candidate.via, before: verdict.state, why: verdict.reason, signatureBefore: null,
    after: null, afterWhy: null, signatureAfter: null, steps: [], skipped: null, error: null, ...extra,
  };
}

// Nothing run, and why.
export function skippedOutcome(candidate: Candidate, verdict: Verdict, reason: SkipReason): RepairOutcome {
  return outcomeOf(candidate, verdict, 'skipped', { skipped: reason });
}

// A file no repair was considered for (macOS named it only after the run).
export function notTriedOutcome(file: string, why: string, reason: SkipReason): RepairOutcome {
  return outcomeOf({ file, via: file }, { state: 'killed', reason: why }, 'skipped', { skipped: reason });
}
