import { fileProblemText, isUnreadable } from './file-problem.js';
import type { FileReport, SliceReport } from './types.js';

// One object of `uv-shim inspect --json`: the report, with its problem
// also in words (`error`) and `unreadable` as the README documents them.
export function reportJson(report: FileReport): FileReport & { error: string | null; unreadable: boolean } {
  return { ...report, error: report.problem ? fileProblemText(report.problem) : null, unreadable: isUnreadable(report.problem) };
}

// The few lines `uv-shim inspect` prints for a person, one block per file.
export function summarizeReport(report: FileReport): string {
  const lines = [`${report.path}: ${formatLine(report)}`];
  const names = Object.keys(report.xattrs);
  if (names.length > 0) lines.push(`  xattrs: ${names.join(', ')}`);
  if (report.quarantine) {
    const q = report.quarantine;
    lines.push(`  quarantined by ${q.agent ?? 'an unknown agent'}${q.timestamp ? ` on ${q.timestamp}` : ''} (flags ${q.flags})`);
  }
  for (const slice of report.slices) lines.push(`  ${slice.arch}: ${sliceLine(slice)}`);
  if (report.problem) lines.push(`  error: ${fileProblemText(report.problem)}`);
  return lines.join('\n');
}

function formatLine(report: FileReport): string {
  if (report.format === 'not-macho') return report.problem ? 'unreadable' : 'not a Mach-O file';
  const archs = report.slices.map((s) => s.arch).join(', ');
  return report.format === 'fat' ? `Mach-O universal (${archs})` : `Mach-O thin (${archs || 'unread'})`;
}

function sliceLine(s: SliceReport): string {
  if (!s.signed) return 'unsigned';
  const kind = s.adhoc ? 'ad-hoc' : s.cms ? `signed with an identity (team ${s.teamId ?? 'not set'})` : 'signed without a CMS signature';
  const traits = [kind, s.linkerSigned && 'linker-signed', s.hardenedRuntime && 'hardened runtime', `${s.hashType}, ${s.codeSlots} pages`].filter(Boolean);
  const validity = s.valid === null ? 'pages not checked' : s.valid ? 'valid' : `INVALID: page ${s.firstBadPage} does not match its hash`;
  return `${traits.join(', ')}: ${validity}`;
}
