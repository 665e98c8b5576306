import type { PostExitContext } from '../hooks/types.js';
import { skippedOutcome } from '../guard/repair-outcome.js';
import type { Candidate, Verdict } from '../guard/types.js';
import type { Explanation, RepairFacts } from './facts.js';
import { UPSTREAM_GATEKEEPER } from './facts.js';
import { baseExplanation } from './base.js';
import { fixCommands } from './fixes.js';
import { readKilledFile } from './killed-file.js';
import { retryOf } from './retry.js';
import type { ExitTrigger } from './trigger.js';

// The macOS post-mortem (uv issue 16726). uv's stderr is not captured, so
// the candidates are checked again with the verdict cache bypassed: a probe
// killed by SIGKILL names the file macOS refuses. That file is repaired per
// policy (the guard's repairCandidate: containment, lock, no repeat) and,
// when uv failed at its interpreter query (exit 2, and no interpreter uv may
// have used starts), the repair helped, this is the first attempt and retry
// is on, the command is run once more. null when no candidate is refused
// now (uv's failure is its own, or unexplained).
export async function explainDarwin(ctx: PostExitContext, trigger: ExitTrigger): Promise<Explanation | null> {
  const guard = await import('../guard/index.js');
  const state = ctx.shared.get(guard.GUARD_STATE_KEY);
  const candidates = state?.candidates ?? (await guard.findCandidates(ctx));
  const opts = { env: ctx.env, platform: ctx.platform, config: ctx.config, log: ctx.log, useCache: false };

  const checked: Checked[] = [];
  for (const candidate of candidates) checked.push({ candidate, verdict: await guard.checkCandidate(candidate, opts) });
  const culprit = checked.find((c) => guard.needsRepair(c.verdict.state));
  if (!culprit) return null;
  const { candidate, verdict } = culprit;

  const killed = await readKilledFile(candidate, verdict, ctx.env);
  // A repair that failed earlier in this run (the guard's before uv ran, or
  // ours before a retry) is reported, not repeated.
  const earlier = state?.repairs.find((r) => r.file === candidate.file && (r.status === 'blocked' || r.status === 'did-not-help'));
  let repair: RepairFacts | null;
  if (earlier) repair = earlier;
  else if (!ctx.config.guard) repair = skippedOutcome(candidate, verdict, { kind: 'guard-off' });
  else {
    repair = await guard.repairCandidate(candidate, verdict, opts);
    state?.repairs.push(repair);
  }

  const queryFailed = trigger === 'exit-2';
  const retryable = queryFailed && repair?.status === 'repaired' && !uvHadInterpreter(checked);
  return {
    ...baseExplanation(ctx, queryFailed ? 'query-failed' : trigger),
    cause: 'macos-refused',
    killed,
    repair,
    retry: retryOf(ctx, retryable),
    fixes: fixCommands(killed),
    upstream: UPSTREAM_GATEKEEPER,
  };
}

type Checked = { candidate: Candidate; verdict: Verdict };

// Whether uv had an interpreter it could start, checked before any repair:
// the environment's (an explicit path, the project's or the tool's) when
// there is one, else any managed one that fits the request. Exit 2 is also
// a program's own exit (a usage error), so a killed file proves that nothing
// ran only when every interpreter uv may have picked is refused.
function uvHadInterpreter(checked: Checked[]): boolean {
  const executables = checked.filter((c) => c.candidate.kind === 'executable');
  const environment = executables.filter((c) => c.candidate.source !== 'managed');
  const pool = environment.length > 0 ? environment : executables;
  return pool.some((c) => c.verdict.state === 'ok' || c.verdict.state === 'flagged');
}
