import { shellQuote } from '../darwin/run-tool.js';
import type { KilledFileFacts } from './facts.js';

// The commands that fix one refused file by hand, in order: drop the marks
// macOS keys on, then re-sign ad hoc (removing the xattr alone is not enough:
// Gatekeeper's cached rejection survives until the signature changes).
export function fixCommands(k: KilledFileFacts): string[] {
  const file = shellQuote(k.file);
  const commands: string[] = [];
  if (k.provenance) commands.push(`xattr -d com.apple.provenance ${file}`);
  if (k.quarantine) commands.push(`xattr -d com.apple.quarantine ${file}`);
  commands.push(`codesign --force --sign - ${file}`);
  return commands;
}
