// Generators of hostile Mach-O files (issue 10 §4), for the tests and for
// measuring `uv-shim inspect` against `sha256sum` (npm run fuzz prints the
// figures). Each writes a file and returns its path. Sparse: only the
// bytes that say something are written; the rest are holes.
import { createHash } from 'node:crypto';
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';

const GiB = 1024 * 1024 * 1024;
const PAGE = 4096;

function put(fd, bytes, at) {
  writeSync(fd, bytes, 0, bytes.length, at);
}

// A thin arm64 header (little-endian, MH_EXECUTE) whose one load command,
// LC_CODE_SIGNATURE, points at `dataoff`/`datasize`.
function thinHeader(dataoff, datasize) {
  const b = Buffer.alloc(32 + 16);
  b.writeUInt32LE(0xfeedfacf, 0);
  b.writeUInt32LE(0x0100000c, 4);
  b.writeUInt32LE(2, 12);
  b.writeUInt32LE(1, 16);
  b.writeUInt32LE(16, 20);
  b.writeUInt32LE(0x1d, 32);
  b.writeUInt32LE(16, 36);
  b.writeUInt32LE(dataoff, 40);
  b.writeUInt32LE(datasize, 44);
  return b;
}

// An embedded-signature SuperBlob holding one ad-hoc SHA-256 CodeDirectory
// (version 0x20400) for `codeLimit` bytes in 2^pageLog2-byte pages; the
// slot hashes follow the header and are left for the caller to fill.
function signatureHeader(codeLimit, pageLog2) {
  const pageBytes = pageLog2 === 0 ? codeLimit : 2 ** pageLog2;
  const slots = Math.ceil(codeLimit / pageBytes);
  const cdHeader = 88;
  const ident = Buffer.from('crafted\0');
  const hashOffset = cdHeader + ident.length;
  const cdLength = hashOffset + slots * 32;
  const b = Buffer.alloc(20 + hashOffset);
  b.writeUInt32BE(0xfade0cc0, 0);
  b.writeUInt32BE(20 + cdLength, 4);
  b.writeUInt32BE(1, 8);
  b.writeUInt32BE(0, 12);
  b.writeUInt32BE(20, 16);
  const cd = 20;
  b.writeUInt32BE(0xfade0c02, cd);
  b.writeUInt32BE(cdLength, cd + 4);
  b.writeUInt32BE(0x20400, cd + 8);
  b.writeUInt32BE(0x2, cd + 12);
  b.writeUInt32BE(hashOffset, cd + 16);
  b.writeUInt32BE(cdHeader, cd + 20);
  b.writeUInt32BE(0, cd + 24);
  b.writeUInt32BE(slots, cd + 28);
  b.writeUInt32BE(codeLimit >= 2 ** 32 ? 0 : codeLimit, cd + 32);
  b.writeUInt8(32, cd + 36);
  b.writeUInt8(2, cd + 37);
  b.writeUInt8(pageLog2, cd + 39);
  ident.copy(b, cd + cdHeader);
  return { bytes: b, slots, hashesAt: 20 + hashOffset, length: 20 + cdLength };
}

// A 1 GiB thin Mach-O that is one header page and one signature page on
// disk: the code is a hole, and its slot hashes too (so they are wrong and
// a reader stops at page 0), unless `validHashes`, when every slot holds the
// hash of a zero page and the whole gigabyte must be hashed (8 MB of slots
// on disk). `pageLog2` 0 makes the whole code one page.
export function sparseThin(path, { size = GiB, validHashes = false, pageLog2 = 12 } = {}) {
  const probe = signatureHeader(size - PAGE * 4, pageLog2);
  const datasize = Math.ceil(probe.length / PAGE) * PAGE;
  const dataoff = size - datasize;
  const sig = signatureHeader(dataoff, pageLog2);
  const fd = openSync(path, 'w');
  try {
    ftruncateSync(fd, size);
    const header = thinHeader(dataoff, datasize);
    put(fd, header, 0);
    put(fd, sig.bytes, dataoff);
    if (validHashes) {
      // Page 0 holds the header; every other page is a hole (zeros).
      const firstPage = Buffer.alloc(PAGE);
      header.copy(firstPage);
      if (pageLog2 === 0) {
        const h = createHash('sha256').update(firstPage);
        const zeros = Buffer.alloc(1 << 20);
        for (let left = dataoff - PAGE; left > 0; left -= zeros.length) h.update(zeros.subarray(0, Math.min(zeros.length, left)));
        put(fd, h.digest(), dataoff + sig.hashesAt);
      } else {
        const pageBytes = 2 ** pageLog2;
        const zero = createHash('sha256').update(Buffer.alloc(pageBytes)).digest();
        const slots = Buffer.alloc(sig.slots * 32);
        for (let i = 0; i < sig.slots; i++) zero.copy(slots, i * 32);
        const first = Buffer.alloc(pageBytes);
        header.copy(first);
        createHash('sha256').update(first).digest().copy(slots, 0);
        // The last page may be short: its hash is of the bytes it has.
        const lastBytes = dataoff - (sig.slots - 1) * pageBytes;
        createHash('sha256').update(Buffer.alloc(lastBytes)).digest().copy(slots, (sig.slots - 1) * 32);
        put(fd, slots, dataoff + sig.hashesAt);
      }
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

// The big-endian fat header of a universal file: one arm64 entry (cputype
// 0x0100000c, subtype 0, align 2^12) per slice.
function fatHeader(slices) {
  const header = Buffer.alloc(8 + slices.length * 20);
  header.writeUInt32BE(0xcafebabe, 0);
  header.writeUInt32BE(slices.length, 4);
  slices.forEach(({ offset, size }, i) => {
    const at = 8 + i * 20;
    header.writeInt32BE(0x0100000c, at);
    header.writeInt32BE(0, at + 4);
    header.writeUInt32BE(offset, at + 8);
    header.writeUInt32BE(size, at + 12);
    header.writeUInt32BE(12, at + 16);
  });
  return header;
}

// A universal file whose `count` slices all claim the same gigabyte (the
// case that cost 48 s and 2.1 GB): each entry points at one shared thin image.
export function overlappingFat(path, { count = 30, size = GiB } = {}) {
  const fd = openSync(path, 'w');
  try {
    ftruncateSync(fd, size);
    put(fd, fatHeader(Array.from({ length: count }, () => ({ offset: PAGE, size: size - PAGE }))), 0);
    const datasize = 64 * PAGE;
    const dataoff = size - PAGE - datasize;
    put(fd, thinHeader(dataoff, datasize), PAGE);
    put(fd, signatureHeader(dataoff, 12).bytes, PAGE + dataoff);
  } finally {
    closeSync(fd);
  }
  return path;
}

// A universal file of `count` slices side by side, each claiming a
// signature of `sigBytes` (holes): together far more than any real ones.
export function manyLargeSignatures(path, { count = 30, sliceBytes = 40 * 1024 * 1024, sigBytes = 32 * 1024 * 1024 } = {}) {
  const size = PAGE + count * sliceBytes;
  const fd = openSync(path, 'w');
  try {
    ftruncateSync(fd, size);
    const offsets = Array.from({ length: count }, (_, i) => PAGE + i * sliceBytes);
    put(fd, fatHeader(offsets.map((offset) => ({ offset, size: sliceBytes }))), 0);
    const dataoff = sliceBytes - sigBytes;
    for (const offset of offsets) {
      put(fd, thinHeader(dataoff, sigBytes), offset);
      put(fd, signatureHeader(dataoff, 12).bytes, offset + dataoff);
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

// A 100 MB file that is not Mach-O past its magic: a malformed "binary" a
// cache may hold (the case that cost 0.85 s on every warm run).
export function largeMalformed(path, { size = 100 * 1000 * 1000 } = {}) {
  const fd = openSync(path, 'w');
  try {
    ftruncateSync(fd, size);
    put(fd, thinHeader(size - PAGE, 8 * PAGE), 0);
  } finally {
    closeSync(fd);
  }
  return path;
}
