import { createHash } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { READ_LIMITS, readBoundedText } from '../bounded-read.js';
import { ensureStateDir, replaceStateFile } from '../state-file.js';
import { join } from 'node:path';

// What the last count found in one environment, kept so the next count can
// tell new libraries from ones macOS has already validated, and so
// `uv-shim doctor` can show it.
export interface EnvironmentCount {
  environment: string;
  // ISO 8601.
  countedAt: string;
  nativeFiles: number;
  unshared: number;
  // Unshared files not present at the previous count.
  newUnshared: number;
  // fileIdentity() of every native file seen, for the next comparison.
  inodes: string[];
}

const VERSION = 1;

export function countsDir(shimCacheDir: string): string {
  return join(shimCacheDir, 'first-run');
}

function recordPath(shimCacheDir: string, environment: string): string {
  const key = createHash('sha256').update(environment).digest('hex').slice(0, 20);
  return join(countsDir(shimCacheDir), `${key}.json`);
}

function parseRecord(text: string): EnvironmentCount | undefined {
  const data = JSON.parse(text) as { version?: number } & Partial<EnvironmentCount>;
  if (data.version !== VERSION || typeof data.environment !== 'string' || !Array.isArray(data.inodes)) return undefined;
  return data as EnvironmentCount;
}

// A missing or unreadable record reads as "never counted".
export function readCount(shimCacheDir: string, environment: string): EnvironmentCount | undefined {
  try {
    const text = readBoundedText(recordPath(shimCacheDir, environment), READ_LIMITS.count, { trusted: true });
    const record = text === null ? undefined : parseRecord(text);
    return record?.environment === environment ? record : undefined;
  } catch {
    return undefined;
  }
}

// Written to a temporary name and renamed, so a concurrent reader (another
// shim run, doctor) sees the old record or the new one, never half of one.
export function writeCount(shimCacheDir: string, count: EnvironmentCount): void {
  const path = recordPath(shimCacheDir, count.environment);
  ensureStateDir(countsDir(shimCacheDir));
  replaceStateFile(countsDir(shimCacheDir), path, `${JSON.stringify({ version: VERSION, ...count })}\n`);
}

// Forgets one environment's count (`uv-shim cache prune`, once it is gone).
export function removeCount(shimCacheDir: string, environment: string): void {
  rmSync(recordPath(shimCacheDir, environment), { force: true });
}

// Every environment counted so far, most recent first (for doctor).
export function listCounts(shimCacheDir: string): EnvironmentCount[] {
  let names: string[] = [];
  try {
    names = readdirSync(countsDir(shimCacheDir)).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const records: EnvironmentCount[] = [];
  for (const name of names) {
    try {
      const text = readBoundedText(join(countsDir(shimCacheDir), name), READ_LIMITS.count, { trusted: true });
      const record = text === null ? undefined : parseRecord(text);
      if (record) records.push(record);
    } catch {
      // Unreadable or being replaced: skip it.
    }
  }
  return records.sort((a, b) => b.countedAt.localeCompare(a.countedAt));
}
