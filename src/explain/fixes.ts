import { repairCommands } from '../darwin/repair-commands.js';
import { PROVENANCE, QUARANTINE } from '../darwin/types.js';
import type { KilledFileFacts } from './facts.js';

// The commands that fix one refused file by hand, in order: drop the marks
// macOS keys on, then re-sign ad hoc (removing the xattr alone is not enough:
// Gatekeeper's cached rejection survives until the signature changes).
export function fixCommands(k: KilledFileFacts): string[] {
  const marks = [...(k.provenance ? [PROVENANCE] : []), ...(k.quarantine ? [QUARANTINE] : [])];
  return repairCommands(k.file, marks, { preserveMetadata: false });
}
