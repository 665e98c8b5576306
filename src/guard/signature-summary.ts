import { fileProblemText, isUnreadable } from '../darwin/file-problem.js';
import type { FileReport } from '../darwin/types.js';

// A short account of a file's signature state for repairs.log and messages:
// "arm64: adhoc, pages valid; xattrs: com.apple.provenance".
export function describeSignature(report: FileReport | undefined): string {
  if (!report) return 'not inspected';
  if (report.problem && isUnreadable(report.problem)) return fileProblemText(report.problem);
  const slices =
    report.format === 'not-macho'
      ? 'not Mach-O'
      : report.slices
          .map((s) => {
            if (!s.signed) return `${s.arch}: unsigned`;
            const who = s.adhoc ? 'adhoc' : `team ${s.teamId ?? 'none'}`;
            const pages = s.valid === null ? 'pages not checked' : s.valid ? 'pages valid' : `page ${s.firstBadPage} invalid`;
            return `${s.arch}: ${who}, ${pages}`;
          })
          .join('; ');
  const names = Object.keys(report.xattrs).filter((n) => n.startsWith('com.apple.'));
  return `${slices}; xattrs: ${names.length > 0 ? names.join(', ') : 'none'}`;
}
