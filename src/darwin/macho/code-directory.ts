import type { HashType } from '../types.js';
import { checkRange, MalformedMachO } from './malformed.js';
import { CSMAGIC_CODEDIRECTORY, type BlobEntry } from './superblob.js';

export const CS_ADHOC = 0x2;
export const CS_RUNTIME = 0x10000;
export const CS_LINKER_SIGNED = 0x20000;

// A CodeDirectory's fields, offsets relative to the image.
export interface CodeDirectory {
  // Where the blob starts in the image, and its slot in the SuperBlob.
  offset: number;
  slot: number;
  // The blob's length in bytes (codesign prints it as "size=").
  length: number;
  version: number;
  flags: number;
  identifier: string | null;
  teamId: string | null;
  hashType: HashType;
  hashTypeCode: number;
  hashSize: number;
  // Bytes per page (2^pageSize field; 0 means one page covering codeLimit).
  pageBytes: number;
  codeSlots: number;
  // Hashes of the Info.plist, requirements, entitlements… before slot 0.
  specialSlots: number;
  codeLimit: number;
  // Where slot 0's hash starts in the image.
  hashesOffset: number;
}

const HASH_TYPES: Record<number, { name: HashType; size: number; digest: string }> = {
  1: { name: 'sha1', size: 20, digest: 'sha1' },
  2: { name: 'sha256', size: 32, digest: 'sha256' },
  3: { name: 'sha256-truncated', size: 20, digest: 'sha256' },
  4: { name: 'sha384', size: 48, digest: 'sha384' },
  5: { name: 'sha512', size: 64, digest: 'sha512' },
};

// The node:crypto algorithm behind a CodeDirectory hash type code.
export function digestFor(hashTypeCode: number): string | null {
  return HASH_TYPES[hashTypeCode]?.digest ?? null;
}

// How strongly a hash type binds the code: the kernel uses the strongest
// CodeDirectory it understands, and so does the reader.
export function hashStrength(cd: CodeDirectory): number {
  return cd.hashTypeCode === 3 ? 1.5 : cd.hashTypeCode;
}

// Parses one CodeDirectory blob (cs_blobs.h, versions 0x20001 to 0x20600),
// checking every field that points somewhere against the blob or the image.
export function readCodeDirectory(image: Buffer, blob: BlobEntry): CodeDirectory {
  const at = blob.offset;
  const end = at + blob.length;
  if (blob.magic !== CSMAGIC_CODEDIRECTORY) throw new MalformedMachO(`slot ${blob.type} does not hold a CodeDirectory`);
  checkRange('CodeDirectory', at, 44, end);
  const version = image.readUInt32BE(at + 8);
  if (version < 0x20001 || version >= 0x30000) throw new MalformedMachO(`CodeDirectory version 0x${version.toString(16)} is not one Apple defines`);
  const flags = image.readUInt32BE(at + 12);
  const hashOffset = image.readUInt32BE(at + 16);
  const identOffset = image.readUInt32BE(at + 20);
  const nSpecialSlots = image.readUInt32BE(at + 24);
  const nCodeSlots = image.readUInt32BE(at + 28);
  let codeLimit = image.readUInt32BE(at + 32);
  const hashSize = image.readUInt8(at + 36);
  const hashTypeCode = image.readUInt8(at + 37);
  const pageSizeLog2 = image.readUInt8(at + 39);
  let teamOffset = 0;
  if (version >= 0x20200) {
    checkRange('CodeDirectory team field', at, 52, end);
    teamOffset = image.readUInt32BE(at + 48);
  }
  if (version >= 0x20300) {
    checkRange('CodeDirectory 64-bit limit', at, 64, end);
    const limit64 = image.readBigUInt64BE(at + 56);
    if (limit64 !== 0n) codeLimit = Number(limit64);
  }
  const type = HASH_TYPES[hashTypeCode];
  if (!type) throw new MalformedMachO(`CodeDirectory hash type ${hashTypeCode} is unknown`);
  if (hashSize !== type.size) throw new MalformedMachO(`CodeDirectory hash size ${hashSize} does not fit ${type.name}`);
  if (pageSizeLog2 !== 0 && (pageSizeLog2 < 9 || pageSizeLog2 > 24)) {
    throw new MalformedMachO(`CodeDirectory page size 2^${pageSizeLog2} is absurd`);
  }
  checkRange('signed code', 0, codeLimit, image.length);
  const pageBytes = pageSizeLog2 === 0 ? Math.max(codeLimit, 1) : 2 ** pageSizeLog2;
  const expectedSlots = Math.ceil(codeLimit / pageBytes);
  if (nCodeSlots !== expectedSlots) {
    throw new MalformedMachO(`CodeDirectory has ${nCodeSlots} code slots for ${codeLimit} bytes in ${pageBytes}-byte pages (expected ${expectedSlots})`);
  }
  checkRange('code slot hashes', at + hashOffset, nCodeSlots * hashSize, end);
  checkRange('special slot hashes', hashOffset - nSpecialSlots * hashSize, nSpecialSlots * hashSize, blob.length);
  return {
    offset: at,
    slot: blob.type,
    length: blob.length,
    version,
    flags,
    identifier: cString(image, at, identOffset, end, 'identifier'),
    teamId: teamOffset === 0 ? null : cString(image, at, teamOffset, end, 'team identifier'),
    hashType: type.name,
    hashTypeCode,
    hashSize,
    pageBytes,
    codeSlots: nCodeSlots,
    specialSlots: nSpecialSlots,
    codeLimit,
    hashesOffset: at + hashOffset,
  };
}

// A NUL-terminated string inside the blob; an offset of 0 means absent.
function cString(image: Buffer, base: number, offset: number, end: number, what: string): string | null {
  if (offset === 0) return null;
  checkRange(`CodeDirectory ${what}`, base + offset, 1, end);
  const nul = image.indexOf(0, base + offset);
  if (nul < 0 || nul >= end) throw new MalformedMachO(`CodeDirectory ${what} is not NUL-terminated inside the blob`);
  return image.toString('utf8', base + offset, nul);
}
