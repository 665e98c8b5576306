import crypto from 'node:crypto';
import { digestFor, type CodeDirectory } from './code-directory.js';

// Re-hashes every code page of an image and compares each with its slot in
// the CodeDirectory, the check Apple Silicon's kernel makes page by page as
// the code is mapped. Returns the index of the first page that differs, or
// null when every page matches.
export function firstBadPage(image: Buffer, cd: CodeDirectory): number | null {
  const algorithm = digestFor(cd.hashTypeCode)!;
  for (let page = 0; page < cd.codeSlots; page++) {
    const expected = image.subarray(cd.hashesOffset + page * cd.hashSize, cd.hashesOffset + (page + 1) * cd.hashSize);
    if (!expected.equals(pageHash(image, cd, page, algorithm))) return page;
  }
  return null;
}

// The hash a page should have, truncated to the CodeDirectory's hash size.
export function pageHash(image: Buffer, cd: CodeDirectory, page: number, algorithm = digestFor(cd.hashTypeCode)!): Buffer {
  const start = page * cd.pageBytes;
  const end = Math.min(start + cd.pageBytes, cd.codeLimit);
  // One-shot crypto.hash (Node ≥ 20.12; engines asks ≥ 20.17) skips a Hash
  // object per page, about a fifth of the time on 4 KiB pages.
  return crypto.hash(algorithm, image.subarray(start, end), 'buffer').subarray(0, cd.hashSize);
}
