import type { PostExitContext } from '../hooks/types.js';
import { notTriedOutcome } from '../guard/repair-outcome.js';
import { GUARD_STATE_KEY } from '../guard/state.js';
import { uvPythonInstallDir, uvToolDir } from '../paths.js';
import { environmentOf } from '../first-run/locate-environment.js';
import { baseExplanation } from './base.js';
import { explainDarwin } from './darwin.js';
import { gatherEvidence, type RunScope } from './evidence.js';
import type { EvidenceFacts, Explanation } from './facts.js';
import { UPSTREAM_GATEKEEPER } from './facts.js';
import { fixCommands } from './fixes.js';
import { readKilledFile, readNamedFile } from './killed-file.js';
import { realpathOrNull } from '../common/fs.js';
import { isInside } from '../guard/installation.js';
import { refusedAtExec, retryOf } from './retry.js';
import type { ExitTrigger } from './trigger.js';
import { INSTALL_CLT } from '../native/clt.js';
import type { NativeGuardResult } from '../native/guard-native.js';
import type { RepairOutcome } from '../guard/repair-outcome.js';

// The macOS post-mortem with macOS's own evidence: the crash report written
// during the run (and the kernel's log line naming the file), read before
// the guard's probes run (they could write reports of their own), then the
// probes' post-mortem. A refused interpreter the probes find keeps its
// explanation, now with the report beside it; otherwise the report alone
// says what macOS killed; no report at all means the kill came from outside.
export async function explainWithEvidence(ctx: PostExitContext, trigger: ExitTrigger): Promise<Explanation | null> {
  const evidence = gatherEvidence(ctx.env, await runScope(ctx));
  const probed = await explainDarwin(ctx, trigger);
  const facts = await evidence;
  if (probed) return await withExecRetry(ctx, { ...probed, evidence: facts });
  if (facts.report && facts.kind !== 'not-codesigning') {
    return await withExecRetry(ctx, await fromReport(ctx, trigger, facts, (await environmentOf(ctx)) ?? null));
  }
  // Exit 2 with nothing refused and no report: uv's own error, told by uv.
  if (trigger === 'exit-2') return null;
  if (!facts.report) {
    const rechecked = await fromRecheck(ctx, trigger, facts);
    if (rechecked) return rechecked;
  }
  return { ...baseExplanation(ctx, trigger), cause: facts.report ? 'unknown-sigkill' : 'outside-sigkill', evidence: facts };
}

// No crash report: before saying the kill came from outside, the command's
// native files are checked again (by fingerprint: only files changed since
// their last check are read). One macOS refuses as it is now is named, with
// its state and the repair, instead of "from outside".
async function fromRecheck(ctx: PostExitContext, trigger: ExitTrigger, facts: EvidenceFacts): Promise<Explanation | null> {
  const { recheckCommand } = await import('../native/guard-native.js');
  const { modelOf } = await import('../uv/model.js');
  const model = await modelOf({ command: ctx.command, cwd: ctx.cwd, env: ctx.env });
  const environments = [...new Set([
    ...model.environments.filter((e) => e.exists).map((e) => e.path),
    ...model.interpreters.flatMap((i) => i.environment ?? []),
  ])];
  const candidates = ctx.shared.get(GUARD_STATE_KEY)?.candidates ?? [];
  const found = await recheckCommand(ctx, environments, [...new Set(candidates.map((c) => c.installation))]);
  const first = found.refused[0];
  if (!first) return null;
  const evidence: EvidenceFacts = { ...facts, file: first.file, fileFrom: 'check' };
  const managedRoot = realpathOrNull(uvPythonInstallDir(ctx.env));
  const candidate = { file: first.file, via: first.file, kind: 'library', source: 'explicit', installation: first.file, managed: managedRoot !== null && isInside(first.file, managedRoot) } as const;
  const killed = await readKilledFile(candidate, { ...first, cached: false }, ctx.env);
  const skipped = found.missingTools ? { kind: 'no-command-line-tools' as const } : { kind: 'named-after-run' as const };
  const repair = found.repairs.find((r) => r.file === first.file) ?? notTriedOutcome(first.file, first.reason, skipped);
  const fixes = [...(found.missingTools ? [INSTALL_CLT] : []), ...fixCommands(killed)];
  return { ...baseExplanation(ctx, trigger === 'exit-2' ? 'query-failed' : trigger), cause: 'macos-refused', evidence, killed, repair, fixes, upstream: UPSTREAM_GATEKEEPER };
}

// uv's exit 137 for a program macOS refused at exec, repaired since: the
// one retry (retry.ts says when that is safe).
async function withExecRetry(ctx: PostExitContext, explanation: Explanation): Promise<Explanation> {
  if (explanation.retry !== 'none' || !(await refusedAtExec(ctx, explanation.evidence, explanation.repair))) return explanation;
  return { ...explanation, retry: retryOf(ctx, true) };
}

async function fromReport(ctx: PostExitContext, trigger: ExitTrigger, facts: EvidenceFacts, environment: string | null): Promise<Explanation> {
  const base = baseExplanation(ctx, trigger === 'exit-2' ? 'query-failed' : trigger);
  const explanation: Explanation = { ...base, cause: 'macos-refused', evidence: facts, upstream: UPSTREAM_GATEKEEPER };
  // The file as macOS saw it, read before anything repairs it.
  const killed = facts.file ? await readNamedFile(facts.file, reasonOf(facts), ctx.env, uvPythonInstallDir(ctx.env)) : null;
  if (facts.kind === 'launch-constraint') {
    // Launch constraints are about the file's place and its parent, not its
    // bytes: nothing is repaired, and no re-sign is offered as a fix.
    const repair = facts.file ? notTriedOutcome(facts.file, reasonOf(facts), { kind: 'launch-constraint' }) : null;
    return { ...explanation, killed, repair, fixes: [], upstream: null };
  }
  const repaired = await repairAfterKill(ctx, environment, facts.file);
  const outcome = facts.file ? (repaired.repairs.find((r) => r.file === facts.file) ?? (await resignRejected(ctx, facts, repaired))) : undefined;
  const skipped = repaired.missingTools ? { kind: 'no-command-line-tools' as const } : { kind: 'named-after-run' as const };
  const repair = outcome ?? (facts.file ? notTriedOutcome(facts.file, reasonOf(facts), skipped) : null);
  if (!killed) return { ...explanation, repair };
  const fixes = [...(repaired.missingTools ? [INSTALL_CLT] : []), ...fixCommands(killed)];
  return { ...explanation, killed, fixes, repair };
}

// After a kill the environment's native files are checked afresh (a stored
// "ok" was wrong, or the file changed) and repaired per policy; the file
// macOS named is repaired too when it lies in another environment uv made
// (uvx's, in uv's cache).
async function repairAfterKill(ctx: PostExitContext, environment: string | null, named: string | null): Promise<NativeGuardResult> {
  const { guardNativeFiles, environmentOfFile } = await import('../native/guard-native.js');
  const { environmentTargets } = await import('../native/native-check.js');
  const inEnvironment = environment !== null && named?.startsWith(`${environment}/`) === true;
  const home = inEnvironment ? environment : named ? (environmentOfFile(named) ?? environment) : environment;
  if (!home) return { verdicts: [], repairs: [], missingTools: null };
  return await guardNativeFiles(ctx, home, environmentTargets(home), { useCache: false });
}

// taskgated rejected this very code (by its CDHash) at exec: a file of an
// environment that looks clean now (the overnight case of uv 16726, for a
// tool's executable, which no probe may run) is re-signed all the same;
// only a new signature helps. Not for interpreters: their probes decide.
async function resignRejected(ctx: PostExitContext, facts: EvidenceFacts, repaired: NativeGuardResult): Promise<RepairOutcome | undefined> {
  if (facts.kind !== 'taskgated' || !facts.file || repaired.missingTools) return undefined;
  const { repairNativeFiles, environmentOfFile } = await import('../native/guard-native.js');
  const home = environmentOfFile(facts.file);
  if (!home) return undefined;
  const [outcome] = await repairNativeFiles(ctx, home, [{ file: facts.file, role: 'executable', state: 'killed', reason: reasonOf(facts), cached: false }]);
  return outcome;
}

function reasonOf(facts: EvidenceFacts): string {
  switch (facts.kind) {
    case 'taskgated':
      return 'taskgated refused its signature when it was started';
    case 'launch-constraint':
      return 'its launch constraints forbid it to run from where it is, or to be started by what started it';
    case 'invalid-page':
      return 'a page of it no longer matches its code signature';
    default:
      return `macOS's code-signing enforcement killed it (${facts.report?.indicator ?? 'CODESIGNING'})`;
  }
}

// What ties a report to this run: the shim process's start (uv started
// right after it), the interpreters the guard found, and the trees uv runs
// programs from.
async function runScope(ctx: PostExitContext): Promise<RunScope> {
  const state = ctx.shared.get(GUARD_STATE_KEY);
  const candidates = state?.candidates ?? [];
  const environment = await environmentOf(ctx);
  return {
    startedAt: performance.timeOrigin,
    endedAt: Date.now(),
    programs: [...new Set(candidates.flatMap((c) => [c.file, c.via]))],
    trees: [...new Set([...candidates.map((c) => c.installation), ...(environment ? [environment] : []), uvPythonInstallDir(ctx.env), uvToolDir(ctx.env)])],
  };
}
