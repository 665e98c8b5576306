import { PROVENANCE, QUARANTINE, type FileReport } from '../darwin/types.js';
import type { SpctlAssessment } from '../darwin/spctl-parse.js';
import type { Candidate, Verdict } from '../guard/types.js';
import type { KilledFileFacts } from './facts.js';

type Signature = KilledFileFacts['signature'];

// What the explanation shows of a file macOS refused, read before any repair
// changes it: its marks, its signature and Gatekeeper's word on it. The
// signature comes from the guard's own Mach-O reading; for a file that is
// not Mach-O (a script) codesign is asked, as a user would.
export async function readKilledFile(candidate: Candidate, verdict: Verdict, env: NodeJS.ProcessEnv): Promise<KilledFileFacts> {
  const report = verdict.report;
  const { spctlAssess } = await import('../darwin/spctl.js');
  const [assessment, signature] = await Promise.all([
    spctlAssess(candidate.file, env),
    machOSignature(report) ?? askCodesign(candidate.file, env),
  ]);
  return {
    file: candidate.file,
    via: candidate.via !== candidate.file ? candidate.via : null,
    provenance: report ? PROVENANCE in report.xattrs : false,
    quarantine: report ? QUARANTINE in report.xattrs : false,
    signature,
    spctl: spctlText(assessment),
    reason: verdict.reason,
    managed: candidate.managed,
  };
}

// One line for a universal binary too: ad hoc only if every slice is, the
// first TeamIdentifier found, page hashes valid only if every slice's are.
// undefined when the report holds no signed Mach-O slice.
function machOSignature(report: FileReport | undefined): Signature | undefined {
  const signed = report?.slices.filter((s) => s.signed) ?? [];
  if (signed.length === 0) return undefined;
  const validity = signed.map((s) => s.valid);
  return {
    adhoc: signed.every((s) => s.adhoc),
    teamId: signed.find((s) => s.teamId)?.teamId ?? null,
    pageHashesValid: validity.includes(false) ? false : validity.every((v) => v === true) ? true : null,
  };
}

// OS edge: `codesign -dvvv` and `codesign --verify` on the file.
async function askCodesign(file: string, env: NodeJS.ProcessEnv): Promise<Signature> {
  const { codesignDisplay, codesignVerify } = await import('../darwin/codesign.js');
  const [display, verify] = await Promise.all([codesignDisplay(file, env), codesignVerify(file, env)]);
  if (display.signature === 'unsigned' || display.exitCode === null) return null;
  return { adhoc: display.signature === 'adhoc', teamId: display.teamId, pageHashesValid: verify.ok };
}

// spctl's verdict the way the report in uv issue 16726 quotes it:
// "rejected (exit 3)", "accepted (exit 0, source=Apple System)".
export function spctlText(assessment: SpctlAssessment): string {
  const source = assessment.source ? `, source=${assessment.source}` : '';
  if (assessment.verdict === 'error') return `could not assess (${assessment.detail ?? `exit ${assessment.exitCode}`})`;
  return `${assessment.verdict} (exit ${assessment.exitCode}${source})`;
}

// The same facts for a file macOS named (a crash report's executable, the
// mapped file of the kernel's log line) rather than one the guard found.
export async function readNamedFile(file: string, why: string, env: NodeJS.ProcessEnv, managedRoot: string | null): Promise<KilledFileFacts> {
  const { inspectFile } = await import('../darwin/inspect.js');
  const report = await inspectFile(file, { env });
  const candidate: Candidate = {
    file, via: file, kind: 'library', source: 'explicit', installation: file,
    managed: managedRoot !== null && file.startsWith(`${managedRoot}/`),
  };
  return readKilledFile(candidate, { file, state: 'killed', reason: why, cached: false, report }, env);
}
