import { PROVENANCE, QUARANTINE, type FileReport } from '../darwin/types.js';
import type { Candidate, Verdict } from '../guard/types.js';
import type { KilledFileFacts } from './facts.js';

// What the explanation shows of a file macOS refused: its marks, its
// signature (from the guard's cold check) and Gatekeeper's word on it.
export function killedFileFacts(candidate: Candidate, verdict: Verdict, spctl: string | null): KilledFileFacts {
  const report = verdict.report;
  return {
    file: candidate.file,
    via: candidate.via !== candidate.file ? candidate.via : null,
    provenance: report ? PROVENANCE in report.xattrs : false,
    quarantine: report ? QUARANTINE in report.xattrs : false,
    signature: signatureFacts(report),
    spctl,
    reason: verdict.reason,
    managed: candidate.managed,
  };
}

// One line for a universal binary too: ad hoc only if every slice is, the
// first TeamIdentifier found, page hashes valid only if every slice's are.
function signatureFacts(report: FileReport | undefined): KilledFileFacts['signature'] {
  const signed = report?.slices.filter((s) => s.signed) ?? [];
  if (signed.length === 0) return null;
  const validity = signed.map((s) => s.valid);
  return {
    adhoc: signed.every((s) => s.adhoc),
    teamId: signed.find((s) => s.teamId)?.teamId ?? null,
    pageHashesValid: validity.includes(false) ? false : validity.every((v) => v === true) ? true : null,
  };
}

// spctl's verdict as the report in uv issue 16726 quotes it:
// "rejected (exit 3)", "accepted (source=Notarized Developer ID)".
export function spctlText(assessment: { verdict: string; source: string | null; detail: string | null; exitCode: number | null }): string {
  const source = assessment.source ? `, source=${assessment.source}` : '';
  if (assessment.verdict === 'error') return `could not assess (${assessment.detail ?? `exit ${assessment.exitCode}`})`;
  return `${assessment.verdict} (exit ${assessment.exitCode}${source})`;
}
