// What uv-shim knows about a file macOS may refuse to run. This is the shape
// `uv-shim inspect --json` prints, one object per file (see README), with
// `error` and `unreadable` added from `problem` (summary.ts).

import type { FileProblem } from './file-problem.js';

export type HashType = 'sha1' | 'sha256' | 'sha256-truncated' | 'sha384' | 'sha512' | 'unknown';

export interface SliceReport {
  // 'arm64', 'arm64e', 'x86_64', 'i386', … or 'cputype:N' for anything else.
  arch: string;
  // LC_CODE_SIGNATURE present and a CodeDirectory found.
  signed: boolean;
  // CodeDirectory flag 0x2: signed without an identity.
  adhoc: boolean;
  // CodeDirectory flag 0x20000: signed by the linker (ld -adhoc_codesign).
  linkerSigned: boolean;
  // CodeDirectory flag 0x10000.
  hardenedRuntime: boolean;
  teamId: string | null;
  identifier: string | null;
  // e.g. 0x20400; null when unsigned.
  cdVersion: number | null;
  hashType: HashType | null;
  pageSize: number | null;
  codeSlots: number | null;
  codeLimit: number | null;
  // A CMS (Developer ID or Apple) signature blob with content.
  cms: boolean;
  // Every code page hashes to its slot. null when unsigned.
  valid: boolean | null;
  // Index of the first page whose hash does not match, else null.
  firstBadPage: number | null;
}

export interface QuarantineInfo {
  // The raw flags field, as hex text (e.g. "0083").
  flags: string;
  // When the file was quarantined, ISO 8601, or null if unreadable.
  timestamp: string | null;
  // The app that downloaded it ("Safari", "curl", …), or null.
  agent: string | null;
  // The download's UUID, or null.
  id: string | null;
}

export interface FileReport {
  path: string;
  format: 'thin' | 'fat' | 'not-macho';
  // Apple names (com.apple.provenance), values as text when printable UTF-8,
  // else as hex prefixed with "hex:".
  xattrs: Record<string, string>;
  quarantine: QuarantineInfo | null;
  slices: SliceReport[];
  // null, or why the file is malformed or could not be read, as facts;
  // file-problem.ts words them. Checks read these, never the wording.
  problem: FileProblem | null;
}

export const PROVENANCE = 'com.apple.provenance';
export const QUARANTINE = 'com.apple.quarantine';

// One command a repair ran (or would run), as a user would type it, and
// what became of it: 'refused' is the system saying no (EPERM, a managed
// Mac's policy), 'failed' anything else. An xattr step names the
// attribute it removes, and a lipo step the slice and what it did to it, so
// nothing reads them back out of `command`.
export type ToolStep = ToolStepFacts & (
  | { tool: 'xattr'; attribute: string }
  | { tool: 'lipo'; arch: string; action: 'thin' | 'replace' }
  | { tool: 'codesign' | 'copy' | 'rename' }
);

interface ToolStepFacts {
  command: string;
  result: 'ok' | 'failed' | 'refused' | 'planned';
  // What the tool said (its stderr, trimmed); '' when it said nothing.
  said: string;
}
