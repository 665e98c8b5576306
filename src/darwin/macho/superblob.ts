import { checkRange, MalformedMachO } from './malformed.js';

// A signature holds one hash per page per CodeDirectory: a 1 GiB binary in
// 4 KiB pages with SHA-1 and SHA-256 directories needs about 14 MB. More
// than this is not a signature, and reading it would only cost memory.
export const MAX_SIGNATURE_BYTES = 32 * 1024 * 1024;

export const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0;
export const CSMAGIC_CODEDIRECTORY = 0xfade0c02;
export const CSMAGIC_BLOBWRAPPER = 0xfade0b01;
export const CSSLOT_CODEDIRECTORY = 0;
export const CSSLOT_ALTERNATE_CODEDIRECTORIES = 0x1000;
export const CSSLOT_ALTERNATE_CODEDIRECTORY_LIMIT = 0x1005;
export const CSSLOT_SIGNATURESLOT = 0x10000;

// One blob of an embedded signature, with offsets relative to the image.
export interface BlobEntry {
  // The slot it fills: 0 CodeDirectory, 2 requirements, 5 entitlements,
  // 0x1000… alternate CodeDirectories, 0x10000 the CMS signature.
  type: number;
  magic: number;
  offset: number;
  length: number;
}

// Reads the SuperBlob that LC_CODE_SIGNATURE points at (all big-endian, as
// Apple's cs_blobs.h lays it out) and returns its index, every blob checked
// to lie inside the SuperBlob.
export function readSuperBlob(image: Buffer, dataoff: number, datasize: number): BlobEntry[] {
  checkRange('code signature', dataoff, datasize, image.length);
  if (datasize > MAX_SIGNATURE_BYTES) throw new MalformedMachO(`code signature of ${datasize} bytes is larger than any real one (${MAX_SIGNATURE_BYTES})`);
  checkRange('code signature header', dataoff, 12, dataoff + datasize);
  const magic = image.readUInt32BE(dataoff);
  if (magic !== CSMAGIC_EMBEDDED_SIGNATURE) {
    throw new MalformedMachO(`code signature starts with 0x${magic.toString(16)}, not an embedded-signature SuperBlob`);
  }
  const length = image.readUInt32BE(dataoff + 4);
  const count = image.readUInt32BE(dataoff + 8);
  checkRange('SuperBlob', dataoff, length, dataoff + datasize);
  checkRange('SuperBlob index', dataoff + 12, count * 8, dataoff + length);
  const blobs: BlobEntry[] = [];
  for (let i = 0; i < count; i++) {
    const type = image.readUInt32BE(dataoff + 12 + i * 8);
    const offset = dataoff + image.readUInt32BE(dataoff + 16 + i * 8);
    checkRange(`blob ${i} header`, offset, 8, dataoff + length);
    const blobLength = image.readUInt32BE(offset + 4);
    if (blobLength < 8) throw new MalformedMachO(`blob ${i} has length ${blobLength}`);
    checkRange(`blob ${i}`, offset, blobLength, dataoff + length);
    blobs.push({ type, magic: image.readUInt32BE(offset), offset, length: blobLength });
  }
  return blobs;
}
