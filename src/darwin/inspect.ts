import { open } from 'node:fs/promises';
import { machOKind } from './macho/magic.js';
import { readMachO } from './macho/read.js';
import { decodeQuarantine } from './quarantine.js';
import { QUARANTINE, type FileReport } from './types.js';
import { listXattrs } from './xattr.js';
import { xattrText } from './xattr-text.js';

// Enough to tell Mach-O from anything else (machOKind needs 8 bytes).
const HEAD_BYTES = 4096;
// Interpreters and their dylibs are tens of MB; anything past this is not
// one, and reading it whole would only cost memory.
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
  const report: FileReport = { path, format: 'not-macho', xattrs: {}, quarantine: null, slices: [], error: null };
  // Started first: the binding loads on the main thread while the file is
  // read on libuv's pool, so neither waits for the other.
  const xattrs = listXattrs(path, env).catch((error: unknown) => error as Error);
  let bytes: Buffer;
  try {
    bytes = await readCandidate(path);
  } catch (error) {
    await xattrs;
    report.error = `cannot read ${path}: ${reasonOf(error)}`;
    return report;
  }
  const macho = readMachO(bytes, { validate: options.validate });
  report.format = macho.format;
  report.slices = macho.slices.map((s) => s.report);
  report.error = macho.error;
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
// script or a text file is rejected after one small read.
async function readCandidate(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new Error('not a regular file');
    const head = Buffer.alloc(Math.min(HEAD_BYTES, stat.size));
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (machOKind(head.subarray(0, bytesRead)) === 'not-macho' || bytesRead === stat.size) return head.subarray(0, bytesRead);
    if (stat.size > MAX_MACHO_BYTES) throw new Error(`${stat.size} bytes is larger than any binary uv-shim inspects (${MAX_MACHO_BYTES})`);
    const whole = Buffer.allocUnsafe(stat.size);
    head.copy(whole, 0, 0, bytesRead);
    let filled = bytesRead;
    while (filled < stat.size) {
      const { bytesRead: n } = await handle.read(whole, filled, stat.size - filled, filled);
      if (n === 0) break;
      filled += n;
    }
    return whole.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

function reasonOf(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    const message = (error as unknown as Error).message.replace(/^[A-Z]+: /, '').replace(/, open '.*'$/, '');
    return `${message} (${error.code})`;
  }
  return error instanceof Error ? error.message : String(error);
}
