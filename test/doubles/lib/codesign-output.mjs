// The text Apple's codesign prints (on stderr) for -d and --verify, built
// from a file's signature facts.
import { realpathSync } from 'node:fs';
import { formatCodesignFlags } from '../../../dist/darwin/codesign-flags.js';
import { cdHash, nativeSlice } from './signature-facts.mjs';

const NOT_SIGNED = 'code object is not signed at all';

// `codesign -dvvv PATH`: [text, exit code].
export function displayText(path, facts) {
  if (facts.kind === 'missing') return [`${path}: ${facts.reason}\n`, 1];
  if (facts.kind === 'script') {
    if (!facts.cd) return [`${path}: ${NOT_SIGNED}\n`, 1];
    return [cdLines(path, 'generic', facts.cd, facts.cdBlob, { adhoc: true, authorities: [], requirements: null }), 0];
  }
  if (facts.macho.error) return [`${path}: invalid or unsupported format for signature\n`, 1];
  const slice = nativeSlice(facts.macho.slices);
  if (!slice.report.signed) return [`${path}: ${NOT_SIGNED}\n`, 1];
  const archs = facts.macho.slices.map((s) => s.report.arch).join(' ');
  const format = facts.macho.format === 'fat' ? `Mach-O universal (${archs})` : `Mach-O thin (${archs})`;
  const image = facts.bytes.subarray(slice.offset, slice.offset + slice.size);
  const [best] = slice.codeDirectories;
  const blob = image.subarray(best.offset, best.offset + best.length);
  return [cdLines(path, format, best, blob, { adhoc: slice.report.adhoc && !slice.report.cms, ...facts }, slice, image), 0];
}

function cdLines(path, format, cd, blob, sig, slice, image) {
  const hash = cdHash(blob, cd.hashType);
  const hashName = cd.hashType === 'sha256-truncated' ? 'sha256' : cd.hashType;
  const lines = [
    `Executable=${safeRealpath(path)}`,
    `Identifier=${cd.identifier ?? 'unknown'}`,
    `Format=${format}`,
    `CodeDirectory v=${cd.version.toString(16)} size=${cd.length} flags=${formatCodesignFlags(cd.flags)} hashes=${cd.codeSlots}+${cd.specialSlots} location=embedded`,
    `Hash type=${hashName} size=${cd.hashSize}`,
  ];
  const all = slice ? slice.codeDirectories : [cd];
  for (const other of [...all].reverse()) {
    const otherBlob = image ? image.subarray(other.offset, other.offset + other.length) : blob;
    const full = cdHash(otherBlob, other.hashType);
    lines.push(`CandidateCDHash ${other.hashType}=${full.slice(0, 40)}`, `CandidateCDHashFull ${other.hashType}=${full}`);
  }
  lines.push(`Hash choices=${[...all].reverse().map((c) => c.hashType).join(',')}`);
  lines.push(`Page size=${cd.pageBytes}`, `CDHash=${hash.slice(0, 40)}`);
  if (sig.adhoc) lines.push('Signature=adhoc');
  else {
    lines.push(`Signature size=${sig.cmsSize}`);
    for (const name of sig.authorities) lines.push(`Authority=${name}`);
  }
  lines.push('Info.plist=not bound', `TeamIdentifier=${cd.teamId ?? 'not set'}`, 'Sealed Resources=none');
  const req = sig.requirements;
  lines.push(req && req.count > 0 ? `Internal requirements count=${req.count} size=${req.size}` : 'Internal requirements=none');
  return `${lines.join('\n')}\n`;
}

// `codesign --verify --strict -vv PATH`: [text, exit code].
export function verifyText(path, facts) {
  if (facts.kind === 'missing') return [`${path}: ${facts.reason}\n`, 1];
  const ok = [`${path}: valid on disk\n${path}: satisfies its Designated Requirement\n`, 0];
  const modified = 'invalid signature (code or signature have been modified)';
  if (facts.kind === 'script') {
    if (!facts.cdBlob) return [`${path}: ${NOT_SIGNED}\n`, 1];
    return facts.valid ? ok : [`${path}: ${modified}\n`, 1];
  }
  if (facts.macho.error) return [`${path}: main executable failed strict validation\n`, 1];
  for (const slice of facts.macho.slices) {
    const arch = `In architecture: ${slice.report.arch}\n`;
    if (!slice.report.signed) return [`${path}: ${NOT_SIGNED}\n${arch}`, 1];
    if (!slice.report.valid) return [`${path}: ${modified}\n${arch}`, 1];
  }
  return ok;
}

function safeRealpath(path) {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
