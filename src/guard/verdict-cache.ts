import { READ_LIMITS, readBoundedText } from '../bounded-read.js';
import { dirname, join } from 'node:path';
import { shimCacheDir } from '../paths.js';
import type { Platform } from '../platform.js';
import { foreignStateDir, replaceStateFile } from '../state-file.js';
import type { Fingerprint } from '../common/fingerprint.js';
import type { VerdictState } from './types.js';

// The most files remembered; the least recently checked go first.
export const MAX_CACHED_VERDICTS = 4096;
const FORMAT = 1;

// One file's remembered verdict and the file version it was made for.
export interface CachedVerdict {
  fp: Fingerprint;
  state: VerdictState;
  reason: string;
  // When the verdict was made (ms since the epoch): the LRU order.
  at: number;
  // A repair of exactly this file version was tried and did not help (or was
  // refused by the system): do not try again until the file changes.
  noRepair?: boolean;
}

// Verdicts by real path.
export type VerdictEntries = Record<string, CachedVerdict>;

// verdicts.json in the shim's cache dir.
export function verdictCachePath(env: NodeJS.ProcessEnv, platform: Platform): string {
  return join(shimCacheDir(env, platform), 'verdicts.json');
}

const loaded = new Map<string, VerdictEntries>();

// The warm path: one read and one JSON.parse per process. A missing, corrupt
// or foreign file reads as empty and is rebuilt by the next write.
export function readVerdicts(path: string): VerdictEntries {
  const memo = loaded.get(path);
  if (memo) return memo;
  const entries = parseVerdicts(path);
  loaded.set(path, entries);
  return entries;
}

// Read only from a cache dir of ours, only a regular file of ours, only up
// to a bound: verdicts planted by someone else would make the guard skip
// a check; /dev/zero in their place would make it read forever.
function parseVerdicts(path: string): VerdictEntries {
  if (foreignStateDir(dirname(path))) return {};
  const text = readBoundedText(path, READ_LIMITS.verdicts, { trusted: true });
  if (text === null) return {};
  try {
    const doc = JSON.parse(text) as { format?: unknown; entries?: unknown };
    if (doc?.format !== FORMAT || typeof doc.entries !== 'object' || doc.entries === null) return {};
    const out: VerdictEntries = {};
    for (const [file, entry] of Object.entries(doc.entries as Record<string, unknown>)) {
      if (isCachedVerdict(entry)) out[file] = entry;
    }
    return out;
  } catch {
    return {};
  }
}

function isCachedVerdict(value: unknown): value is CachedVerdict {
  const v = value as CachedVerdict | null;
  return (
    typeof v === 'object' && v !== null && typeof v.state === 'string' && typeof v.reason === 'string' &&
    typeof v.at === 'number' && typeof v.fp === 'object' && v.fp !== null && typeof v.fp.ino === 'string' &&
    typeof v.fp.ctime === 'string'
  );
}

// Merges `updates` into what is on disk now (another shim may have written
// since we read), drops the files in `remove` (`uv-shim cache prune`), keeps
// the newest MAX_CACHED_VERDICTS, and replaces the file atomically: a reader
// sees the old file or the new one, never half of one.
// The read-merge-replace runs under a lock: two shims that both read
// before either wrote would otherwise each drop the other's entries (20
// shims on 20 interpreters lost verdicts in 2 of 5 rounds). A lock that
// cannot be had in time (or at all) leaves the write unlocked, as before.
export async function writeVerdicts(path: string, updates: VerdictEntries, remove: readonly string[] = []): Promise<void> {
  const { lockFile } = await import('./file-lock.js');
  const lock = await lockFile(dirname(path), path, VERDICT_LOCK_WAIT_MS).catch(() => null);
  try {
    await mergeAndReplace(path, updates, remove);
  } finally {
    lock?.release();
  }
}

// A merge takes milliseconds; a holder slower than this is not waited for.
const VERDICT_LOCK_WAIT_MS = 5_000;

async function mergeAndReplace(path: string, updates: VerdictEntries, remove: readonly string[]): Promise<void> {
  const { LRUCache } = await import('lru-cache');
  const merged = { ...parseVerdicts(path), ...updates };
  for (const file of remove) delete merged[file];
  const lru = new LRUCache<string, CachedVerdict>({ max: MAX_CACHED_VERDICTS });
  for (const [file, entry] of Object.entries(merged).sort((a, b) => a[1].at - b[1].at)) lru.set(file, entry);
  const entries: VerdictEntries = {};
  for (const [file, entry] of [...lru.entries()].reverse()) entries[file] = entry;
  replaceStateFile(dirname(path), path, JSON.stringify({ format: FORMAT, entries }));
  loaded.set(path, entries);
}

// Drops this process's copy, so the next read sees other shims' writes.
export function forgetVerdicts(path: string): void {
  loaded.delete(path);
}
