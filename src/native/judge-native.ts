import { fileProblemText } from '../darwin/file-problem.js';
import { PROVENANCE, QUARANTINE, type FileReport } from '../darwin/types.js';
import type { VerdictState } from '../guard/types.js';
import { sliceFor, type MacArch } from './arch.js';

// How a native file reaches the CPU: exec'd (a console script's or a
// tool's executable in bin/) or mapped into a process (an extension, a
// bundled .dylib, libpython, lib-dynload).
export type NativeRole = 'executable' | 'library';

// What macOS will do with one native file on this Mac, from its report
// alone (nothing runs it): the slice dyld would map is re-hashed page by
// page; arm64 code must be signed at all; an executable carrying quarantine
// or provenance is what Gatekeeper refuses at exec (web-researcher-mcp PR
// 179: a wheel's executable killed by uvx until `xattr -c`).
export function judgeNative(report: FileReport, role: NativeRole, arch: MacArch): { state: VerdictState; reason: string } {
  if (report.problem && report.format === 'not-macho') return { state: 'unreadable', reason: fileProblemText(report.problem) };
  const slice = sliceFor(report.slices, arch);
  if (!slice) return { state: 'ok', reason: `it has no slice this ${arch} Mac runs` };
  if (slice.valid === false) {
    return { state: 'bad-signature', reason: `its ${slice.arch} code no longer matches its signature (page ${slice.firstBadPage ?? '?'}); macOS kills the process that maps it` };
  }
  if (!slice.signed && slice.arch.startsWith('arm64')) {
    return { state: 'bad-signature', reason: 'its arm64 code is not signed at all; macOS kills the process that maps it' };
  }
  const marks = [QUARANTINE, PROVENANCE].filter((name) => name in report.xattrs);
  if (marks.length > 0 && role === 'executable') {
    return { state: 'killed', reason: `it carries ${marks.join(' and ')}; Gatekeeper refuses to run it` };
  }
  if (marks.length > 0) return { state: 'flagged', reason: `it carries ${marks.join(' and ')}` };
  return { state: 'ok', reason: slice.signed ? 'its signature is intact' : `its ${slice.arch} code is unsigned, which this Mac allows` };
}
