import type { Principal } from '../common/ownership.js';
import { join } from 'node:path';
import { readStateFile, replaceStateFile } from '../state-file.js';
import { TRUST_RECORDS } from './inputs.js';

// What `uv-shim trust` recorded for one file: its real path (the key) and
// the SHA-256 of the contents the user trusted.
export interface TrustRecord {
  sha256: string;
  trustedAt: string;
}

const NAME = TRUST_RECORDS;
const LIMIT = 1024 * 1024;

// The trust records in the shim's state directory, by real path. None when
// the file is missing, unreadable, not the user's, or not ours.
export function readTrustRecords(dir: string, reader: Principal): Record<string, TrustRecord> {
  try {
    const text = readStateFile(dir, NAME, LIMIT, reader);
    const doc = text === undefined ? undefined : (JSON.parse(text) as { version?: number; files?: Record<string, TrustRecord> });
    return doc?.version === 1 && doc.files && typeof doc.files === 'object' ? doc.files : {};
  } catch {
    return {};
  }
}

// Whether the file at `realPath` with these contents is trusted.
export function trustOf(records: Record<string, TrustRecord>, realPath: string, sha256: string): 'trusted' | 'untrusted' | 'changed' {
  const record = Object.hasOwn(records, realPath) ? records[realPath] : undefined;
  if (!record) return 'untrusted';
  return record.sha256 === sha256 ? 'trusted' : 'changed';
}

// Records (sha256 given) or forgets (undefined) the trust of one file.
// Read, change, replace atomically (src/state-file.ts: never through a link,
// never in a directory others can write): two `uv-shim trust` at the same
// instant may lose one record, which then asks to be trusted again. The
// reason when it cannot be written.
export async function setTrust(dir: string, reader: Principal, realPath: string, sha256: string | undefined): Promise<string | undefined> {
  const files = readTrustRecords(dir, reader);
  if (sha256 === undefined) delete files[realPath];
  else files[realPath] = { sha256, trustedAt: new Date().toISOString() };
  try {
    replaceStateFile(dir, join(dir, NAME), `${JSON.stringify({ version: 1, files }, null, 2)}\n`);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
