import { closeSync, constants, fstatSync, openSync } from 'node:fs';
import { withErrnoCode } from '../common/errno.js';
import { readAt } from '../bounded-read.js';
import { machOKind } from './macho/magic.js';
import { readMachO, type MachOFile } from './macho/read.js';
import { firstBadPageOnDisk } from './page-check.js';
import { decodeQuarantine } from './quarantine.js';
import { readSignatureParts } from './signature-parts.js';
import type { FileProblem } from './file-problem.js';
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
// throws: an unreadable or malformed file comes back with `problem` set.
export async function inspectFile(path: string, options: InspectOptions = {}): Promise<FileReport> {
  const env = options.env ?? process.env;
  const report: FileReport = { path, format: 'not-macho', xattrs: {}, quarantine: null, slices: [], problem: null };
  // Started first: the binding loads now (~2 ms), and the attributes are
  // listed on libuv's pool once the pages below have been hashed.
  const xattrs = listXattrs(path, env).catch((error: unknown) => withErrnoCode(error));
  const macho = readAndCheck(path, options.validate !== false);
  if ('kind' in macho) {
    await xattrs;
    report.problem = macho;
    return report;
  }
  report.format = macho.format;
  report.slices = macho.slices.map((s) => s.report);
  if (macho.malformed !== null) report.problem = { kind: 'malformed', path, detail: macho.malformed };
  const found = await xattrs;
  if (found instanceof Error) {
    // A file system without xattr support has none to report.
    const errno = (found as NodeJS.ErrnoException).code ?? null;
    if (errno !== 'ENOTSUP' && errno !== 'EOPNOTSUPP') report.problem ??= { kind: 'xattrs-unlisted', path, ...systemReason(found) };
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
// and re-hashed a chunk at a time. A file that cannot be read comes back
// as the problem instead.
function readAndCheck(path: string, validate: boolean): MachOFile | FileProblem {
  let fd: number;
  try {
    // OS edge: O_NONBLOCK, or opening a named pipe waits for a writer forever;
    // it changes nothing for a regular file, and anything else is refused below.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { kind: 'cannot-open', path, ...systemReason(error) };
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { kind: 'not-regular', path };
    const head = readAt(fd, Math.min(HEAD_BYTES, stat.size), 0);
    const bytesRead = head.length;
    if (machOKind(head.subarray(0, bytesRead)) === 'not-macho' || bytesRead === stat.size) {
      return readMachO(head.subarray(0, bytesRead), { validate });
    }
    if (stat.size > MAX_MACHO_BYTES) return { kind: 'too-large', path, size: stat.size, limit: MAX_MACHO_BYTES };
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
  } catch (error) {
    return { kind: 'cannot-open', path, ...systemReason(error) };
  } finally {
    closeSync(fd);
  }
}

// A system error as facts: Node's code, and the system's words without
// Node's "CODE: " prefix and ", open 'path'" suffix (the path is a field).
function systemReason(error: unknown): { errno: string | null; detail: string } {
  const errno = (error as NodeJS.ErrnoException | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  // The binding's own code (GenericFailure) is no errno: withErrnoCode found none.
  if (typeof errno !== 'string' || !/^E[A-Z0-9]+$/.test(errno)) return { errno: null, detail: message };
  return { errno, detail: message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '') };
}
