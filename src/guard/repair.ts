import { lstatSync } from 'node:fs';
import { shellQuote } from '../darwin/run-tool.js';
import { PROVENANCE, QUARANTINE } from '../darwin/types.js';
import { shimCacheDir } from '../paths.js';
import { askYesNo, isInteractive } from './ask.js';
import { checkCandidate, repairAlreadyFailed, type CheckOptions } from './check.js';
import { lockFile } from './file-lock.js';
import { fingerprintOf } from './fingerprint.js';
import { realpathOrNull } from './installation.js';
import { needsRepair } from './judge.js';
import { repairPermission } from './policy.js';
import { appendRepairLog, repairsLogPath } from './repairs-log.js';
import { describeSignature } from './signature-summary.js';
import type { Candidate, RepairOutcome, Verdict } from './types.js';
import { forgetVerdicts, verdictCachePath, writeVerdicts } from './verdict-cache.js';

// A check's options plus who asked and how.
export interface RepairOptions extends CheckOptions {
  // `uv-shim repair`: the user asked for this file by name.
  explicit?: boolean;
  // Say what would be run, run nothing.
  dryRun?: boolean;
  // Defaults to whether stdin and stderr are a terminal.
  interactive?: boolean;
}

// Strips provenance/quarantine and re-signs ad hoc, if policy and
// containment allow; under a per-file lock so concurrent shims repair once;
// never twice for the same file version when the first try did not help.
// Every attempt goes to repairs.log and one line to stderr. Never throws.
export async function repairCandidate(candidate: Candidate, verdict: Verdict, opts: RepairOptions): Promise<RepairOutcome> {
  const skipped = (error: string | null, commands: string[] = []): RepairOutcome => ({
    file: candidate.file, attempted: false, helped: false, blocked: false, commands,
    before: verdict.state, after: verdict.state, error,
  });
  const interactive = opts.interactive ?? isInteractive();
  const permission = repairPermission(candidate, opts.config, opts.env, opts.platform, { interactive, explicit: opts.explicit });
  if (!permission.allowed) return skipped(`not repaired: ${permission.why}. ${permission.hint}`);
  if (!opts.explicit && repairAlreadyFailed(candidate.file, opts.env, opts.platform)) {
    return skipped('not repaired: a repair of this exact file already failed; not trying again until it changes');
  }
  if (opts.dryRun) return skipped('dry run', plannedCommands(candidate, verdict));
  if (permission.how === 'prompt' && !askYesNo(`uv-shim: ${candidate.via}: ${verdict.reason}. Re-sign it ad hoc?`)) {
    return skipped('not repaired: declined at the prompt');
  }

  const cacheDir = shimCacheDir(opts.env, opts.platform);
  let lock;
  try {
    lock = await lockFile(cacheDir, candidate.file);
  } catch (error) {
    return skipped(`not repaired: cannot take the repair lock in ${cacheDir} (${String(error)})`);
  }
  if (!lock) return skipped('not repaired: another uv-shim has been repairing it for too long');
  try {
    // Another shim may have repaired the file since our verdict (it held the
    // lock, or finished just before we took it): look again, under the lock.
    // Only a file that runs now was fixed; one it marked blocked was not.
    forgetVerdicts(verdictCachePath(opts.env, opts.platform));
    const now = await checkCandidate(candidate, { ...opts, useCache: true });
    const runs = now.state === 'ok' || now.state === 'flagged';
    if (runs && now.state !== verdict.state) return { ...skipped(null), helped: true, after: now.state };
    if (repairAlreadyFailed(candidate.file, opts.env, opts.platform) && !opts.explicit) {
      return skipped('not repaired: another uv-shim tried and it did not help');
    }
    // A fresh look describes the file as it is now; a cached one is the same file.
    return await applyRepair(candidate, now.cached ? verdict : now, opts, cacheDir);
  } catch (error) {
    return { ...skipped(`repair failed: ${error instanceof Error ? error.message : String(error)}`), attempted: true };
  } finally {
    lock.release();
  }
}

function plannedCommands(candidate: Candidate, verdict: Verdict): string[] {
  const xattrs = verdict.report ? Object.keys(verdict.report.xattrs) : [PROVENANCE, QUARANTINE];
  const file = shellQuote(candidate.file);
  const strip = [PROVENANCE, QUARANTINE].filter((n) => xattrs.includes(n)).map((n) => `xattr -d ${n} ${file}`);
  return [...strip, `codesign --force --sign - --preserve-metadata=entitlements,requirements,flags,runtime ${file}`];
}

async function applyRepair(candidate: Candidate, verdict: Verdict, opts: RepairOptions, cacheDir: string): Promise<RepairOutcome> {
  const { inspectFile } = await import('../darwin/inspect.js');
  const { removeXattr } = await import('../darwin/xattr.js');
  const { adhocResign } = await import('../darwin/codesign.js');
  const file = candidate.file;
  // The containment check judged this real path: if it or a directory on it
  // has since become a link (or it is anything but a file), touch nothing.
  if (realpathOrNull(file) !== file) throw new Error(`${file} no longer resolves to itself (a link was put on its path)`);
  if (!lstatSync(file, { throwIfNoEntry: false })?.isFile()) throw new Error(`${file} is no longer a regular file`);
  const beforeReport = verdict.report ?? (await inspectFile(file, { env: opts.env }));
  const commands: string[] = [];
  let blocked = false;
  const problems: string[] = [];

  for (const name of [PROVENANCE, QUARANTINE]) {
    if (!(name in beforeReport.xattrs)) continue;
    try {
      await removeXattr(file, name, opts.env);
      commands.push(`xattr -d ${name} ${shellQuote(file)}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/EPERM|EACCES|not permitted|denied|os error (1|13)\b/i.test(message)) blocked = true;
      problems.push(`xattr -d ${name}: ${message}`);
    }
  }
  const resign = await adhocResign(file, opts.env);
  commands.push(...resign.commands);
  if (resign.blocked) blocked = true;
  if (!resign.ok) problems.push(resign.stderr.trim() || 'codesign failed');

  const after = await checkCandidate(candidate, { ...opts, useCache: false });
  const helped = !needsRepair(after.state) && after.state !== 'unreadable';
  const outcome: RepairOutcome = {
    file, attempted: true, helped, blocked, commands,
    before: `${verdict.state}: ${describeSignature(beforeReport)}`,
    after: `${after.state}: ${describeSignature(after.report)}`,
    error: helped ? null : problems.join('; ') || `still ${after.state} after the repair: ${after.reason}`,
  };
  if (!helped) await markNoRepair(candidate, blocked ? 'blocked' : after.state, outcome.error!, opts);
  try {
    appendRepairLog(cacheDir, { time: new Date().toISOString(), ...outcome });
  } catch (error) {
    opts.log.warn(`could not write ${repairsLogPath(cacheDir)} (${error instanceof Error ? error.message : String(error)}).`);
  }
  tell(candidate, verdict, outcome, opts, repairsLogPath(cacheDir));
  return outcome;
}

// Remembers the file version a repair could not fix, so the next run does
// not try again (and does not say so again) until the file changes.
async function markNoRepair(candidate: Candidate, state: Verdict['state'], reason: string, opts: RepairOptions): Promise<void> {
  const fp = fingerprintOf(candidate.file);
  if (!fp) return;
  const entry = { fp, state, reason, at: Date.now(), noRepair: true };
  await writeVerdicts(verdictCachePath(opts.env, opts.platform), { [candidate.file]: entry }).catch(() => undefined);
}

function tell(candidate: Candidate, verdict: Verdict, outcome: RepairOutcome, opts: RepairOptions, logPath: string): void {
  if (outcome.helped) {
    const stripped = outcome.commands.some((c) => c.startsWith('xattr -d')) ? 'stripped its macOS marks and ' : '';
    opts.log.warn(`repaired ${candidate.via}: ${verdict.reason}; ${stripped}re-signed it ad hoc (see ${logPath}).`);
  } else if (outcome.blocked) {
    opts.log.warn(`could not repair ${candidate.via}: the system refused (${outcome.error}). uv may fail; see ${logPath}.`);
  } else {
    opts.log.warn(`repairing ${candidate.via} did not help (${outcome.error}); not trying again until it changes. See ${logPath}.`);
  }
}
