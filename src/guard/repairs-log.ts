import { join } from 'node:path';
import { appendStateLine } from '../state-file.js';

// Where repairs are logged: next to the verdict cache. One line per repair
// attempt, as JSON: the RepairOutcome with its time (repair-text.ts).
export function repairsLogPath(cacheDir: string): string {
  return join(cacheDir, 'repairs.log');
}

// A single O_APPEND write per entry, so concurrent shims never interleave;
// never through a link (state-file.ts).
export function appendRepairLog(cacheDir: string, line: string): void {
  appendStateLine(cacheDir, repairsLogPath(cacheDir), line);
}
