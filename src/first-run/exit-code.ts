import { constants } from 'node:os';
import type { UvResult } from '../hooks/types.js';

// The shell's convention for a command that died of a signal: 128 + its
// number (what `sh -c` reports too), so a timed command's fate stays visible.
export function mirrorExitCode(result: UvResult): number {
  if (result.signal) return 128 + (constants.signals[result.signal] ?? 0);
  return result.code ?? 1;
}
