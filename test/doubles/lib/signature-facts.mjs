// What the codesign and spctl doubles know about a file, derived from its
// bytes and xattrs with uv-shim's own reader (built into dist/): never from
// a canned answer.
import { readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { readCodeDirectory } from '../../../dist/darwin/macho/code-directory.js';
import { readThinHeader } from '../../../dist/darwin/macho/header.js';
import { firstBadPage } from '../../../dist/darwin/macho/page-hashes.js';
import { readMachO } from '../../../dist/darwin/macho/read.js';
import { readSuperBlob } from '../../../dist/darwin/macho/superblob.js';
import { getXattr } from '../../../dist/darwin/xattr.js';

export const CS_XATTRS = {
  codeDirectory: 'com.apple.cs.CodeDirectory',
  requirements: 'com.apple.cs.CodeRequirements',
  signature: 'com.apple.cs.CodeSignature',
};

// The slice a Mac with Apple Silicon runs: arm64e or arm64 first.
export function nativeSlice(slices) {
  return slices.find((s) => s.report.arch === 'arm64e') ?? slices.find((s) => s.report.arch === 'arm64') ?? slices[0];
}

// { kind: 'missing' | 'macho' | 'script', … } for one path.
export async function signatureFacts(path, env) {
  let bytes;
  try {
    if (!statSync(path).isFile()) return { kind: 'missing', reason: 'Is a directory' };
    bytes = readFileSync(path);
  } catch (error) {
    return { kind: 'missing', reason: error.code === 'EACCES' ? 'Permission denied' : 'No such file or directory' };
  }
  const macho = readMachO(bytes);
  if (macho.format !== 'not-macho') return { kind: 'macho', bytes, macho, ...blobsOf(bytes, macho) };
  const cd = await getXattr(path, CS_XATTRS.codeDirectory, env).catch(() => null);
  if (!cd) return { kind: 'script', bytes, cd: null };
  try {
    const image = Buffer.concat([bytes, cd]);
    const parsed = readCodeDirectory(image, { type: 0, magic: cd.readUInt32BE(0), offset: bytes.length, length: cd.length });
    // The signature covers the whole file: a longer or shorter file is modified.
    const valid = parsed.codeLimit === bytes.length && firstBadPage(image, parsed) === null;
    return { kind: 'script', bytes, cdBlob: cd, cd: parsed, valid };
  } catch {
    return { kind: 'script', bytes, cdBlob: cd, cd: null, broken: true };
  }
}

// The native slice's requirements blob and CMS certificate names.
function blobsOf(bytes, macho) {
  const slice = nativeSlice(macho.slices);
  if (!slice?.report.signed) return { requirements: null, authorities: [] };
  const image = bytes.subarray(slice.offset, slice.offset + slice.size);
  const { signature } = readThinHeader(image);
  const blobs = readSuperBlob(image, signature.dataoff, signature.datasize);
  const req = blobs.find((b) => b.type === 2);
  const cms = blobs.find((b) => b.type === 0x10000);
  return {
    requirements: req ? { size: req.length, count: image.readUInt32BE(req.offset + 8) } : null,
    cmsSize: cms ? cms.length : 0,
    authorities: cms && cms.length > 8 ? certificateChain(image.subarray(cms.offset + 8, cms.offset + cms.length)) : [],
  };
}

// The certificate common names in a CMS blob, leaf first. Each certificate
// names its subject and its issuer, so the leaf's name appears once, an
// intermediate's twice and the root's most often: sorting by count gives
// the chain codesign prints as Authority= lines.
function certificateChain(der) {
  const counts = new Map();
  const CN = Buffer.from([0x06, 0x03, 0x55, 0x04, 0x03]);
  for (let at = der.indexOf(CN); at >= 0; at = der.indexOf(CN, at + 1)) {
    const tag = der[at + 5];
    const len = der[at + 6];
    if ((tag !== 0x0c && tag !== 0x13) || len === undefined || len > 127) continue;
    const name = der.toString('utf8', at + 7, at + 7 + len);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  // The timestamp authority's own chain is printed as Timestamp=, not Authority=.
  return [...counts.entries()]
    .filter(([name]) => !/Timestamp/.test(name))
    .sort((a, b) => a[1] - b[1])
    .map(([name]) => name);
}

// A CodeDirectory's hash as codesign prints it (CDHash is the first 20 bytes).
export function cdHash(blob, hashType) {
  const algorithm = hashType === 'sha1' ? 'sha1' : hashType === 'sha384' ? 'sha384' : 'sha256';
  return createHash(algorithm).update(blob).digest('hex');
}
