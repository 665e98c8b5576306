import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

// One line per repair attempt, as JSON, in repairs.log in the shim's cache
// dir: what was wrong, what was run, and what it looked like afterwards.
export interface RepairLogEntry {
  time: string;
  file: string;
  before: string;
  after: string;
  commands: string[];
  helped: boolean;
  blocked: boolean;
  error: string | null;
}

// Where repairs are logged: next to the verdict cache.
export function repairsLogPath(cacheDir: string): string {
  return join(cacheDir, 'repairs.log');
}

// A single O_APPEND write per entry, so concurrent shims never interleave.
export function appendRepairLog(cacheDir: string, entry: RepairLogEntry): void {
  mkdirSync(cacheDir, { recursive: true });
  appendFileSync(repairsLogPath(cacheDir), `${JSON.stringify(entry)}\n`);
}
