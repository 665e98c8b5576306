import { fileProblemText, isUnreadable } from '../darwin/file-problem.js';
import { PROVENANCE, QUARANTINE, type FileReport } from '../darwin/types.js';
import type { ProbeResult, VerdictState } from './types.js';

// Turns what a cold check saw into one state and one sentence. The probe
// outranks everything: a SIGKILL is a refusal whatever the signature says,
// and an interpreter that ran is not being refused today. spctl is not
// consulted: it rejects interpreters that run fine.
export function judge(report: FileReport | undefined, probe: ProbeResult | undefined): { state: VerdictState; reason: string } {
  const marks = report ? [PROVENANCE, QUARANTINE].filter((name) => name in report.xattrs) : [];
  const marked = marks.length > 0 ? ` (it carries ${marks.join(' and ')})` : '';
  if (probe && killedBySystem(probe)) {
    return { state: 'killed', reason: `the system kills it on start with SIGKILL${marked}` };
  }
  if (probe && !probe.ran && !probe.timedOut && probe.signal === null) {
    return { state: 'unreadable', reason: 'it could not be started (missing, not executable, or wrong format)' };
  }
  if (report?.problem && isUnreadable(report.problem)) {
    return { state: 'unreadable', reason: fileProblemText(report.problem) };
  }
  const broken = report?.slices.find((s) => s.valid === false);
  if (broken) {
    return {
      state: 'bad-signature',
      reason: `its ${broken.arch} code no longer matches its signature (page ${broken.firstBadPage ?? '?'}); macOS kills it on Apple Silicon`,
    };
  }
  if (marks.length > 0) {
    return { state: 'flagged', reason: `it runs today but carries ${marks.join(' and ')}, which can get it killed later` };
  }
  if (probe?.timedOut) return { state: 'ok', reason: 'it was still starting when the probe gave up; not killed' };
  if (probe?.signal) return { state: 'ok', reason: `it died of ${probe.signal}, which is not the system refusing it` };
  return { state: 'ok', reason: probe ? 'it starts normally' : 'its signature is intact' };
}

// States a repair (strip xattrs, re-sign) can fix.
export function needsRepair(state: VerdictState): boolean {
  return state === 'killed' || state === 'bad-signature';
}

// Only the system kills an interpreter that was told to do nothing (the
// probe's own timeout kill is reported as timedOut, not as a signal).
export function killedBySystem(probe: ProbeResult): boolean {
  return probe.signal === 'SIGKILL' && !probe.timedOut;
}
