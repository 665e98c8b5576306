// What `codesign --force --sign -` does to a file, done for real on Linux:
// a Mach-O's existing signature is rewritten in place as an ad-hoc one
// (every page re-hashed), a script gets its signature in the
// com.apple.cs.* xattrs as macOS stores it for files that have no room.
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { writeFileSync } from 'node:fs';
import { CS_ADHOC, CS_LINKER_SIGNED, CS_RUNTIME } from '../../../dist/darwin/macho/code-directory.js';
import { pageHash } from '../../../dist/darwin/macho/page-hashes.js';
import { setXattr } from '../../../dist/darwin/xattr.js';
import { CS_XATTRS } from './signature-facts.mjs';

// Rewrites every CodeDirectory of every signed slice, in place (same
// inode): ad-hoc flag set, linker-signed cleared (codesign's signature is
// not the linker's), the team identifier and the CMS signature dropped,
// the hardened-runtime flag kept when --preserve-metadata asks for it and
// the old signature was not the linker's (codesign(1) ignores the option
// for linker-signed code). Returns false for a Mach-O with no signature.
export function resignMachOInPlace(path, facts, preserveRuntime) {
  const { bytes, macho } = facts;
  if (!macho.slices.some((s) => s.report.signed)) return false;
  for (const slice of macho.slices) {
    if (!slice.report.signed) continue;
    const image = bytes.subarray(slice.offset, slice.offset + slice.size);
    for (const cd of slice.codeDirectories) {
      const keep = preserveRuntime && (cd.flags & CS_LINKER_SIGNED) === 0 ? cd.flags & CS_RUNTIME : 0;
      image.writeUInt32BE((CS_ADHOC | keep) >>> 0, cd.offset + 12);
      if (cd.version >= 0x20200) image.writeUInt32BE(0, cd.offset + 48);
      for (let page = 0; page < cd.codeSlots; page++) {
        pageHash(image, cd, page).copy(image, cd.hashesOffset + page * cd.hashSize);
      }
    }
    // An ad-hoc signature's CMS slot holds an empty wrapper: 8 bytes.
    if (slice.cmsBlob) image.writeUInt32BE(8, slice.cmsBlob.offset + 4);
  }
  writeFileSync(path, bytes);
  return true;
}

// Signs a file that is not Mach-O: a CodeDirectory over its bytes (4 KiB
// pages, SHA-256), empty requirements and an empty CMS wrapper, each in
// its com.apple.cs.* xattr.
export async function signScript(path, bytes, env) {
  const requirements = Buffer.alloc(12);
  requirements.writeUInt32BE(0xfade0c01, 0);
  requirements.writeUInt32BE(12, 4);
  const wrapper = Buffer.alloc(8);
  wrapper.writeUInt32BE(0xfade0b01, 0);
  wrapper.writeUInt32BE(8, 4);
  await setXattr(path, CS_XATTRS.codeDirectory, scriptCodeDirectory(basename(path), bytes, requirements), env);
  await setXattr(path, CS_XATTRS.requirements, requirements, env);
  await setXattr(path, CS_XATTRS.signature, wrapper, env);
}

function scriptCodeDirectory(identifier, bytes, requirements) {
  const PAGE = 4096;
  const slots = Math.ceil(bytes.length / PAGE);
  const special = 2;
  const ident = Buffer.from(`${identifier}\0`);
  const headerSize = 52;
  const hashOffset = headerSize + ident.length + special * 32;
  const cd = Buffer.alloc(hashOffset + slots * 32);
  cd.writeUInt32BE(0xfade0c02, 0);
  cd.writeUInt32BE(cd.length, 4);
  cd.writeUInt32BE(0x20200, 8);
  cd.writeUInt32BE(CS_ADHOC, 12);
  cd.writeUInt32BE(hashOffset, 16);
  cd.writeUInt32BE(headerSize, 20);
  cd.writeUInt32BE(special, 24);
  cd.writeUInt32BE(slots, 28);
  cd.writeUInt32BE(bytes.length, 32);
  cd.writeUInt8(32, 36);
  cd.writeUInt8(2, 37);
  cd.writeUInt8(12, 39);
  ident.copy(cd, headerSize);
  // Special slot -2 binds the requirements; -1 (Info.plist) stays zero.
  createHash('sha256').update(requirements).digest().copy(cd, hashOffset - 2 * 32);
  for (let page = 0; page < slots; page++) {
    createHash('sha256').update(bytes.subarray(page * PAGE, Math.min((page + 1) * PAGE, bytes.length))).digest().copy(cd, hashOffset + page * 32);
  }
  return cd;
}
