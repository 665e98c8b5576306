import type { Hook, PostExitContext, RunContext } from '../hooks/types.js';
import { findCandidates, findManagedCandidates } from './candidates.js';
import { checkCandidate, type CheckOptions } from './check.js';
import { needsRepair } from './judge.js';
import type { RepairOutcome } from './repair-outcome.js';
import { GUARD_STATE_KEY, type GuardState } from './state.js';
import type { Candidate, Verdict } from './types.js';
import { installsPythons } from './wants.js';

function checkOptions(ctx: RunContext): CheckOptions {
  return { env: ctx.env, platform: ctx.platform, config: ctx.config, log: ctx.log, useCache: true };
}

// A fresh "flagged" verdict is repaired too (when policy allows without
// asking): the file runs today but is what macOS starts killing overnight.
function wantsRepair(verdict: Verdict): boolean {
  return needsRepair(verdict.state) || (verdict.state === 'flagged' && !verdict.cached);
}

// Checks every candidate (warm: a stat each) and repairs, per policy, the
// ones macOS refuses. Only fresh bad verdicts are told: a cached one was
// told when it was made, and the explanation hook speaks if uv then fails.
export async function guardFiles(ctx: RunContext, candidates: Candidate[]): Promise<GuardState> {
  const opts = checkOptions(ctx);
  const verdicts = await Promise.all(candidates.map((c) => checkCandidate(c, opts)));
  const repairs: RepairOutcome[] = [];
  if (ctx.platform !== 'darwin') return { candidates, verdicts, repairs };
  for (const [i, verdict] of verdicts.entries()) {
    if (!wantsRepair(verdict)) continue;
    const candidate = candidates[i]!;
    const preventive = verdict.state === 'flagged';
    // Repair code (locks, prompts, the macOS tools) loads only when needed.
    const { repairCandidate } = await import('./repair.js');
    const outcome = await repairCandidate(candidate, verdict, preventive ? { ...opts, interactive: false } : opts);
    repairs.push(outcome);
    // A skip is said once, when the verdict is new; a preventive repair
    // of a file that runs today says nothing when it is not allowed.
    if (outcome.status === 'skipped' && !verdict.cached && !preventive) {
      const { outcomeMessage } = await import('./repair-text.js');
      ctx.log.warn(outcomeMessage(outcome, '')!);
    }
  }
  return { candidates, verdicts, repairs };
}

// The interpreter guard (uv issue 16726): before uv starts, the Pythons it
// may use; after `uv python install`/`upgrade`, the ones it just installed.
export const guardHook: Hook = {
  name: 'interpreter guard',
  required: false,
  async preExec(ctx: RunContext): Promise<void> {
    if (installsPythons(ctx.command)) return;
    const candidates = await findCandidates(ctx);
    ctx.log.debug(`guard: ${candidates.length} file(s): ${candidates.map((c) => c.file).join(', ')}`);
    ctx.shared.set(GUARD_STATE_KEY, await guardFiles(ctx, candidates));
  },
  async postExit(ctx: PostExitContext): Promise<void> {
    if (!installsPythons(ctx.command) || ctx.result.code !== 0) return;
    const candidates = findManagedCandidates(ctx.env, ctx.command.positionals);
    ctx.shared.set(GUARD_STATE_KEY, await guardFiles(ctx, candidates));
  },
};
