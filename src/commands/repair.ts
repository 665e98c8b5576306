import { ShimError } from '../errors.js';
import type { ParsedArgs } from './spec.js';

// `uv-shim repair`: checks afresh (no cache) the interpreters of the current
// directory, or the files, installations or environments named, and repairs
// those macOS refuses or has flagged, within the allowed trees. Prints one
// line per file on stdout. Exit 0 when every file can run afterwards (or,
// with --dry-run, nothing needs doing), 1 otherwise, 2 on a usage error.
export async function run(parsed: ParsedArgs): Promise<number> {
  const dryRun = parsed.values['dry-run'] === true;
  const { contextForDirectory } = await import('../guard/command-context.js');
  const { candidatesForPaths } = await import('../guard/named-paths.js');
  const { findCandidates, checkCandidate, repairCandidate, needsRepair } = await import('../guard/index.js');
  const { outcomeReport } = await import('../guard/repair-text.js');
  const ctx = await contextForDirectory(undefined);
  let candidates;
  if (parsed.positionals.length > 0) {
    const named = candidatesForPaths(parsed.positionals, ctx.env);
    if (named.unknown.length > 0) throw new ShimError({ kind: 'not-a-python', command: 'repair', paths: named.unknown });
    candidates = named.candidates;
  } else {
    candidates = await findCandidates(ctx);
  }
  const opts = { env: ctx.env, platform: ctx.platform, config: ctx.config, log: ctx.log, useCache: false };
  let failures = 0;
  for (const candidate of candidates) {
    const verdict = await checkCandidate(candidate, opts);
    if (!needsRepair(verdict.state) && verdict.state !== 'flagged') {
      process.stdout.write(`${verdict.state}: ${candidate.file} (${verdict.reason})\n`);
      if (verdict.state === 'unreadable') failures++;
      continue;
    }
    const outcome = await repairCandidate(candidate, verdict, { ...opts, explicit: true, dryRun });
    for (const line of outcomeReport(outcome)) process.stdout.write(`${line}\n`);
    // A planned repair still needs doing; a refused one of a file that runs today is no failure.
    if (outcome.status === 'planned' || (outcome.status !== 'repaired' && needsRepair(verdict.state))) failures++;
  }
  if (candidates.length === 0) process.stdout.write('No interpreter found to repair.\n');
  return failures > 0 ? 1 : 0;
}
