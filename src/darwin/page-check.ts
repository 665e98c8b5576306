import crypto from 'node:crypto';
import { digestFor, type CodeDirectory } from './macho/code-directory.js';
import { readAt } from './read-at.js';

// About a megabyte of pages per read: a few dozen reads for a large binary,
// into one small buffer that is reused. (Reading the next chunk on libuv's
// pool while hashing this one measured ~7 ms slower end to end.)
const CHUNK_BYTES = 1024 * 1024;

// Re-hashes every code page of the slice at `sliceOffset`, reading the
// pages from the file a chunk at a time into one reused buffer, and compares
// each with its slot in the CodeDirectory (read from `image`, the slice in
// the signature parts' copy). Returns the first page that differs, or null.
// The same check as firstBadPage in macho/page-hashes.ts, without holding
// the whole file in memory: a fresh 28 MB buffer costs more in page faults
// than reading the file does.
export function firstBadPageOnDisk(fd: number, sliceOffset: number, image: Buffer, cd: CodeDirectory): number | null {
  const algorithm = digestFor(cd.hashTypeCode)!;
  // Digests as one-byte strings ('binary' is latin1): a 32-byte string is
  // cheaper for crypto.hash to return than a Buffer, ~7000 times per binary.
  const slots = image.toString('latin1', cd.hashesOffset, cd.hashesOffset + cd.codeSlots * cd.hashSize);
  if (cd.pageBytes > CHUNK_BYTES) return firstBadLargePage(fd, sliceOffset, slots, cd, algorithm);
  const pagesPerChunk = Math.floor(CHUNK_BYTES / cd.pageBytes);
  const chunk = Buffer.allocUnsafe(Math.min(pagesPerChunk * cd.pageBytes, cd.codeLimit));
  for (let first = 0; first < cd.codeSlots; first += pagesPerChunk) {
    const start = first * cd.pageBytes;
    const length = Math.min(chunk.length, cd.codeLimit - start);
    readAt(fd, chunk, 0, length, sliceOffset + start);
    const last = Math.min(first + pagesPerChunk, cd.codeSlots);
    for (let page = first; page < last; page++) {
      const from = (page - first) * cd.pageBytes;
      const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset + from, Math.min(cd.pageBytes, length - from));
      const hash = crypto.hash(algorithm, bytes, 'binary');
      if (!slots.startsWith(hash.length === cd.hashSize ? hash : hash.slice(0, cd.hashSize), page * cd.hashSize)) return page;
    }
  }
  return null;
}

// Pages larger than a chunk (up to 16 MiB, or one page for the whole code
// when the page size field is 0) are hashed a chunk at a time, so memory
// stays at one chunk whatever the CodeDirectory claims.
function firstBadLargePage(fd: number, sliceOffset: number, slots: string, cd: CodeDirectory, algorithm: string): number | null {
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  for (let page = 0; page < cd.codeSlots; page++) {
    const hash = crypto.createHash(algorithm);
    const start = page * cd.pageBytes;
    const end = Math.min(start + cd.pageBytes, cd.codeLimit);
    for (let at = start; at < end; at += CHUNK_BYTES) {
      const length = Math.min(CHUNK_BYTES, end - at);
      readAt(fd, chunk, 0, length, sliceOffset + at);
      hash.update(chunk.subarray(0, length));
    }
    const digest = hash.digest('binary');
    if (!slots.startsWith(digest.slice(0, cd.hashSize), page * cd.hashSize)) return page;
  }
  return null;
}
