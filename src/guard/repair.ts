import { lstatSync } from 'node:fs';
import type { ResignHow } from '../darwin/codesign.js';
import { removeXattrCommand } from '../darwin/repair-commands.js';
import { PROVENANCE, QUARANTINE, type FileReport, type ToolStep } from '../darwin/types.js';
import { shimCacheDir } from '../paths.js';
import { askYesNo, isInteractive } from './ask.js';
import { StateFileError } from '../state-file.js';
import { checkCandidate, noteCacheProblem, repairAlreadyFailed, type CheckOptions } from './check.js';
import { lockFile } from './file-lock.js';
import { fingerprintOf } from '../common/fingerprint.js';
import { currentPrincipal, distrust } from '../common/ownership.js';
import { judge, needsRepair } from './judge.js';
import { protectedTree, repairPermission } from './policy.js';
import { finishedStatus, outcomeOf, skippedOutcome, type RepairOutcome, type SkipReason } from './repair-outcome.js';
import { outcomeLogLine, outcomeMessage } from './repair-text.js';
import { appendRepairLog, repairsLogPath } from './repairs-log.js';
import { describeSignature } from './signature-summary.js';
import type { Candidate, Verdict, VerdictState } from './types.js';
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

function skip(candidate: Candidate, verdict: Verdict, reason: SkipReason): RepairOutcome {
  return skippedOutcome(candidate, verdict, reason);
}

// Strips provenance/quarantine and re-signs ad hoc, if policy and
// containment allow; under a per-file lock so concurrent shims repair once;
// never twice for the same file version when the first try did not help.
// Every attempt goes to repairs.log and one line to stderr, both rendered
// from the returned outcome. Never throws.
export async function repairCandidate(candidate: Candidate, verdict: Verdict, opts: RepairOptions): Promise<RepairOutcome> {
  const interactive = opts.interactive ?? isInteractive();
  const permission = repairPermission(candidate, opts.config, opts.env, opts.platform, { interactive, explicit: opts.explicit });
  if (!permission.allowed) return skip(candidate, verdict, permission.reason);
  if (!opts.explicit && repairAlreadyFailed(candidate.file, opts.env, opts.platform)) return skip(candidate, verdict, { kind: 'failed-before' });
  if (opts.dryRun) return outcomeOf(candidate, verdict, 'planned', { steps: await plannedSteps(candidate, verdict, opts.env) });
  if (permission.how === 'prompt' && !askYesNo(`uv-shim: ${candidate.via}: ${verdict.reason}. Re-sign it ad hoc?`)) {
    return skip(candidate, verdict, { kind: 'declined' });
  }

  const cacheDir = shimCacheDir(opts.env, opts.platform);
  // An unusable cache dir must not stop a repair: the lock moves to a
  // private fallback (lockRoot), and where no lock can exist at all the
  // repair runs without one; at worst two shims re-sign the same file.
  const lock = await lockFile(cacheDir, candidate.file).catch((error: unknown) => {
    opts.log.warn(`repairing ${candidate.file} without a lock (${error instanceof Error ? error.message : String(error)}).`);
    return { dir: null, tookOver: null, release: () => undefined };
  });
  if (!lock) return skip(candidate, verdict, { kind: 'lock-busy' });
  if (lock.tookOver) opts.log.debug(`took over the lock on ${candidate.file}: ${lock.tookOver}`);
  let outcome: RepairOutcome;
  try {
    // Another shim may have repaired the file since our verdict (it held the
    // lock, or finished just before we took it): look again, under the lock.
    // Only a file that runs now was fixed; one it marked blocked was not.
    forgetVerdicts(verdictCachePath(opts.env, opts.platform));
    const now = await checkCandidate(candidate, { ...opts, useCache: true });
    const runs = now.state === 'ok' || now.state === 'flagged';
    if (runs && now.state !== guardState(verdict)) return outcomeOf(candidate, verdict, 'repaired', { after: now.state, afterWhy: now.reason });
    if (repairAlreadyFailed(candidate.file, opts.env, opts.platform) && !opts.explicit) {
      return skip(candidate, verdict, { kind: 'failed-elsewhere' });
    }
    // The outcome tells the file as it was checked (`verdict`); it is
    // repaired from the freshest report (a cached look has none: the same file).
    outcome = await applyRepair(candidate, verdict, now.cached ? verdict.report : now.report, opts);
  } catch (error) {
    outcome = outcomeOf(candidate, verdict, 'did-not-help', { error: error instanceof Error ? error.message : String(error) });
  } finally {
    lock.release();
  }
  if (outcome.status === 'skipped') {
    // A file that changed under us is worth a word; other skips were decided before any lock.
    if (outcome.skipped?.kind === 'changed') opts.log.warn(outcomeMessage(outcome, repairsLogPath(cacheDir))!);
    return outcome;
  }
  // A repair that ran and failed is not tried again on this file version;
  // one that could not finish (the file changed, the shim failed) is.
  if (outcome.status !== 'repaired' && outcome.error === null) {
    await markNoRepair(candidate, outcome.status === 'blocked' ? 'blocked' : (outcome.after ?? verdict.state), outcome, opts);
  }
  let logPath: string | null = repairsLogPath(cacheDir);
  try {
    appendRepairLog(cacheDir, outcomeLogLine(outcome, new Date()));
  } catch (error) {
    // An unusable cache dir is said once per run, whoever meets it first;
    // the message then points at no log.
    if (error instanceof StateFileError) noteCacheProblem(error, opts);
    else opts.log.warn(`could not write ${logPath} (${error instanceof Error ? error.message : String(error)}).`);
    logPath = null;
  }
  const message = outcomeMessage(outcome, logPath);
  if (message) opts.log.warn(message);
  return outcome;
}

// What a repair of this file will do, the one plan a repair runs and its
// dry run shows: the marks it removes from the file, then how it re-signs.
// Another name of this inode may lie anywhere: then a copy under a new
// inode is stripped and signed for this name only, and the others' bytes
// are left alone.
async function repairPlan(report: FileReport, nlink: number, env: NodeJS.ProcessEnv): Promise<{ strip: string[]; sign: ResignHow }> {
  const { resignHow } = await import('../darwin/codesign.js');
  return { strip: nlink > 1 ? [] : [PROVENANCE, QUARANTINE].filter((name) => name in report.xattrs), sign: resignHow(report, nlink, env) };
}

// The plan's steps, as `uv-shim repair --dry-run` shows them.
async function plannedSteps(candidate: Candidate, verdict: Verdict, env: NodeJS.ProcessEnv): Promise<ToolStep[]> {
  const { inspectFile } = await import('../darwin/inspect.js');
  const { plannedResignSteps } = await import('../darwin/codesign.js');
  const report = verdict.report ?? (await inspectFile(candidate.file, { env }));
  const nlink = lstatSync(candidate.file, { throwIfNoEntry: false })?.nlink ?? 1;
  const plan = await repairPlan(report, nlink, env);
  const strip: ToolStep[] = plan.strip.map((n) => ({ tool: 'xattr', attribute: n, command: removeXattrCommand(n, candidate.file), result: 'planned', said: '' }));
  return [...strip, ...plannedResignSteps(candidate.file, plan.sign, env)];
}

// The system said no (SIP, an MDM profile, a read-only volume): darwin/xattr.ts
// puts the errno in `code` at the OS edge.
function xattrRefused(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EPERM' || code === 'EACCES';
}

// The guard's own judgement of what `verdict` saw, to compare its fresh look
// under the lock with, like with like: a native file's verdict (judged by
// its role and this Mac's arch, native/judge-native.ts) keeps its own state
// for the outcome, and is compared by the facts it was judged from.
function guardState(verdict: Verdict): VerdictState {
  return verdict.report ? judge(verdict.report, verdict.probe).state : verdict.state;
}

async function applyRepair(candidate: Candidate, verdict: Verdict, report: FileReport | undefined, opts: RepairOptions): Promise<RepairOutcome> {
  const { openChecked, closeChecked, inCheckedDir } = await import('../darwin/checked-file.js');
  const { sweepLeftovers } = await import('../darwin/new-inode.js');
  const { inspectFile } = await import('../darwin/inspect.js');
  const { removeXattr } = await import('../darwin/xattr.js');
  const { adhocResign } = await import('../darwin/codesign.js');
  // Open what was judged: its real path, not a link, a regular file. From
  // here on the tools act on this open file's directory and name only.
  const file = openChecked(candidate.file);
  if (typeof file === 'string') return skip(candidate, verdict, { kind: 'changed', detail: file });
  try {
    const refused = checkedFileRefusal(file);
    if (refused) return skip(candidate, verdict, refused);
    const beforeReport = report ?? (await inspectFile(file.path, { env: opts.env }));
    const plan = await repairPlan(beforeReport, file.nlink, opts.env);
    const acted = await inCheckedDir(file, async () => {
      for (const leftover of sweepLeftovers(file.name)) opts.log.debug(`removed ${leftover}, left by an interrupted repair`);
      const steps: ToolStep[] = [];
      for (const name of plan.strip) {
        const command = removeXattrCommand(name, file.path);
        try {
          await removeXattr(file.name, name, opts.env);
          steps.push({ tool: 'xattr', attribute: name, command, result: 'ok', said: '' });
        } catch (error) {
          const said = error instanceof Error ? error.message : String(error);
          steps.push({ tool: 'xattr', attribute: name, command, result: xattrRefused(error) ? 'refused' : 'failed', said });
        }
      }
      const resign = await adhocResign(file, opts.env, plan.sign);
      return [...steps, ...resign.steps];
    });
    if (typeof acted === 'string') return skip(candidate, verdict, { kind: 'changed', detail: acted });
    // The name no longer holds the checked file: what is there now was not
    // checked, so nothing is said about it, and it is not marked.
    const moved = acted.find((s) => s.tool === 'rename' && s.result === 'failed');
    if (moved) return outcomeOf(candidate, verdict, 'did-not-help', { steps: acted, error: moved.said });
    const after = await checkCandidate(candidate, { ...opts, useCache: false });
    const runs = !needsRepair(after.state) && after.state !== 'unreadable';
    return outcomeOf(candidate, verdict, finishedStatus(runs, acted), {
      signatureBefore: describeSignature(beforeReport),
      after: after.state, afterWhy: after.reason, signatureAfter: describeSignature(after.report), steps: acted,
    });
  } finally {
    closeChecked(file);
  }
}

// What the opened file itself rules out, beyond the policy on its path
// (which judged this same real path: openChecked found it is its own): a
// protected tree, and a directory the one ownership rule does not trust
// (common/ownership.ts: someone else's, or writable by others), where the
// name could be swapped between our check and codesign's open.
function checkedFileRefusal(file: import('../darwin/checked-file.js').CheckedFile): SkipReason | null {
  const tree = protectedTree(file.path);
  if (tree) return { kind: 'protected', tree };
  const me = currentPrincipal();
  const dir = { uid: file.dirUid, gid: file.dirGid, mode: file.dirMode, isDirectory: () => true };
  const why = me && distrust(file.dir, dir, me);
  if (why?.kind === 'owner') return { kind: 'foreign-owner', path: file.dir, uid: why.uid };
  if (why) return { kind: 'others-can-write', dir: file.dir, by: why.by, gid: why.gid };
  return null;
}

// Remembers the file version a repair could not fix, so the next run does
// not try again (and does not say so again) until the file changes.
async function markNoRepair(candidate: Candidate, state: Verdict['state'], outcome: RepairOutcome, opts: RepairOptions): Promise<void> {
  const fp = fingerprintOf(candidate.file);
  if (!fp) return;
  const reason = outcome.steps.find((s) => s.result === 'refused' || s.result === 'failed')?.said || outcome.error || `still ${outcome.after}`;
  const entry = { fp, state, reason, at: Date.now(), noRepair: true };
  await writeVerdicts(verdictCachePath(opts.env, opts.platform), { [candidate.file]: entry }).catch(() => undefined);
}
