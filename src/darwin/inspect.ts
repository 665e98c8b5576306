import { closeSync, constants, fstatSync, openSync } from 'node:fs';
import { readAt } from '../bounded-read.js';
import { machOKind } from './macho/magic.js';
import { readMachO, type MachOFile } from './macho/read.js';
import { firstBadPageOnDisk } from './page-check.js';
import { decodeQuarantine } from './quarantine.js';
import { readSignatureParts } from './signature-parts.js';
import { QUARANTINE, type FileReport, type SliceReport } from './types.js';
import { listXattrs } from './xattr.js';
import { xattrText } from './xattr-text.js';

// Enough to tell Mach-O from anything else (machOKind needs 8 bytes).
const HEAD_BYTES = 4096;
// Interpreters and their dylibs are tens of MB; anything past this is not
// one, and hashing it would only cost time.
export const MAX_MACHO_BYTES = 1024 * 1024 * 1024;

export interface InspectOptions {
  env?: NodeJS.ProcessEnv;
  // false: read the signature but do not re-hash the pages (valid is null).
  validate?: boolean;
}

// What macOS will think of one file: its xattrs, quarantine record and, for
// Mach-O, every slice's code signature with its pages re-hashed. Never
// throws: an unreadable or malformed file comes back with `error` set.
export async function inspectFile(path: string, options: InspectOptions = {}): Promise<FileReport> {
  const env = options.env ?? process.env;
  const report: FileReport = { path, format: 'not-macho', xattrs: {}, quarantine: null, slices: [], error: null, unreadable: false };
  // Started first: the binding loads now (~2 ms), and the attributes are
  // listed on libuv's pool once the pages below have been hashed.
  const xattrs = listXattrs(path, env).catch((error: unknown) => error as Error);
  try {
    const macho = readAndCheck(path, options.validate !== false);
    report.format = macho.format;
    report.slices = macho.slices.map((s) => s.report);
    report.error = macho.error;
  } catch (error) {
    await xattrs;
    report.error = `cannot read ${path}: ${reasonOf(error)}`;
    report.unreadable = true;
    return report;
  }
  const found = await xattrs;
  if (found instanceof Error) {
    // A file system without xattr support has none to report.
    if (!/not supported|os error 95/i.test(reasonOf(found))) report.error ??= `cannot list extended attributes: ${reasonOf(found)}`;
    return report;
  }
  for (const [name, value] of Object.entries(found)) report.xattrs[name] = xattrText(value);
  const quarantine = found[QUARANTINE];
  if (quarantine) report.quarantine = decodeQuarantine(quarantine);
  return report;
}

// Reads the first bytes, and the rest only when they are Mach-O: a Python
// script or a text file is rejected after one small read. A Mach-O file's
// signature parts are read and parsed first, then its code pages are read
// and re-hashed a chunk at a time. Throws when the file cannot be read.
function readAndCheck(path: string, validate: boolean): MachOFile {
  // OS edge: O_NONBLOCK, or opening a named pipe waits for a writer forever;
  // it changes nothing for a regular file, and anything else is refused below.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Error('not a regular file');
    const head = readAt(fd, Math.min(HEAD_BYTES, stat.size), 0);
    const bytesRead = head.length;
    if (machOKind(head.subarray(0, bytesRead)) === 'not-macho' || bytesRead === stat.size) {
      return readMachO(head.subarray(0, bytesRead), { validate });
    }
    if (stat.size > MAX_MACHO_BYTES) throw new Error(`${stat.size} bytes is larger than any binary uv-shim inspects (${MAX_MACHO_BYTES})`);
    const parts = readSignatureParts(fd, stat.size, head.subarray(0, bytesRead));
    const macho = readMachO(parts, { validate: false });
    if (!validate) return macho;
    for (const slice of macho.slices) {
      const cd = slice.codeDirectories[0];
      if (!cd) continue;
      const bad = firstBadPageOnDisk(fd, slice.offset, parts.subarray(slice.offset, slice.offset + slice.size), cd);
      Object.assign(slice.report, { valid: bad === null, firstBadPage: bad } satisfies Partial<SliceReport>);
    }
    return macho;
  } finally {
    closeSync(fd);
  }
}

function reasonOf(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    const message = (error as unknown as Error).message.replace(/^[A-Z]+: /, '').replace(/, open '.*'$/, '');
    return `${message} (${error.code})`;
  }
  return error instanceof Error ? error.message : String(error);
}
