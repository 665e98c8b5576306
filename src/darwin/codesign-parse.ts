// Pure parsers for what codesign writes (on stderr). Table-tested against
// real output in test/darwin/codesign-parse.test.ts.

export type SignatureKind = 'adhoc' | 'developer-id' | 'apple' | 'other' | 'unsigned';

// `codesign -dvvv FILE`, field by field.
export interface CodesignDisplay {
  executable: string | null;
  identifier: string | null;
  // "Mach-O thin (arm64)", "Mach-O universal (x86_64 arm64)", "generic", …
  format: string | null;
  cdVersion: number | null;
  cdFlags: number | null;
  cdFlagNames: string[];
  hashType: string | null;
  signature: SignatureKind;
  teamId: string | null;
  authorities: string[];
  raw: string;
}

// The text after `KEY=` on the first line that starts with it.
function field(text: string, key: string): string | null {
  const line = text.split('\n').find((l) => l.startsWith(`${key}=`));
  return line === undefined ? null : line.slice(key.length + 1).trim();
}

// Parses `codesign -dvvv` (or -dvv): "Identifier=…", "CodeDirectory v=20400
// size=… flags=0x20002(adhoc,linker-signed) …", "Signature=adhoc" or
// "Authority=…" lines, "TeamIdentifier=not set".
export function parseCodesignDisplay(raw: string): CodesignDisplay {
  const text = raw.replace(/\r\n/g, '\n');
  const cd = /^CodeDirectory v=([0-9a-fA-F]+) .*?flags=0x([0-9a-fA-F]+)\(([^)]*)\)/m.exec(text);
  const authorities = text
    .split('\n')
    .filter((l) => l.startsWith('Authority='))
    .map((l) => l.slice('Authority='.length).trim());
  const team = field(text, 'TeamIdentifier');
  const unsigned = /code object is not signed at all/.test(text);
  return {
    executable: field(text, 'Executable'),
    identifier: field(text, 'Identifier'),
    format: field(text, 'Format'),
    cdVersion: cd ? parseInt(cd[1]!, 16) : null,
    cdFlags: cd ? parseInt(cd[2]!, 16) : null,
    cdFlagNames: cd && cd[3] !== 'none' ? cd[3]!.split(',').filter(Boolean) : [],
    hashType: /^Hash type=(\S+)/m.exec(text)?.[1] ?? null,
    signature: unsigned ? 'unsigned' : signatureKind(field(text, 'Signature'), authorities),
    teamId: team === null || team === 'not set' ? null : team,
    authorities,
    raw,
  };
}

// Signed by whom: "Signature=adhoc", else the leaf Authority= line. With
// -dv (one v) codesign prints no Authority lines: a signature of unknown kind.
function signatureKind(signature: string | null, authorities: string[]): SignatureKind {
  if (signature === 'adhoc') return 'adhoc';
  const leaf = authorities[0] ?? '';
  if (leaf.startsWith('Developer ID Application:')) return 'developer-id';
  if (leaf === 'Software Signing' || leaf.startsWith('Apple Mac OS Application Signing')) return 'apple';
  return 'other';
}

// `codesign --verify --strict -vv FILE`: the first line's verdict without the
// "FILE: " prefix ("valid on disk", "invalid signature (code or signature
// have been modified)", "code object is not signed at all").
export function verifyMessage(raw: string, path: string): string {
  const first = raw.split('\n').find((l) => l.trim() !== '') ?? '';
  return first.startsWith(`${path}: `) ? first.slice(path.length + 2).trim() : first.trim();
}

// True when codesign (or the copy we tried) was refused by the system rather
// than failing on the file: EPERM from the sandbox or SIP, a read-only or
// root-owned file, or a managed Mac's policy.
export function isBlockedMessage(stderr: string): boolean {
  return /Operation not permitted|Permission denied|\bEPERM\b|\bEACCES\b|not permitted by (?:system )?policy|managed by your organi[sz]ation|\bMDM\b/i.test(stderr);
}
