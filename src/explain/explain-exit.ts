import type { PostExitAction, PostExitContext } from '../hooks/types.js';
import { baseExplanation } from './base.js';
import { readCgroupMemory } from './cgroup.js';
import { CGROUP_SNAPSHOT_KEY } from './wants.js';
import { emitExplanation } from './emit.js';
import type { Explanation } from './facts.js';
import { memoryFacts, sigkillCause } from './linux.js';
import type { ExitTrigger } from './trigger.js';

// Works out why uv died, says it, and tells the pipeline whether to retry.
export async function explainExit(ctx: PostExitContext, trigger: ExitTrigger): Promise<PostExitAction | void> {
  const explanation = await explain(ctx, trigger);
  if (!explanation) return;
  emitExplanation(ctx, explanation);
  if (explanation.retry === 'retrying') return { retry: true };
}

async function explain(ctx: PostExitContext, trigger: ExitTrigger): Promise<Explanation | null> {
  if (ctx.platform === 'darwin') return await (await import('./evidence-darwin.js')).explainWithEvidence(ctx, trigger);
  // On Linux an exit 2 is uv's own error, and uv has said it, unless the
  // guard's probe saw an interpreter of the command killed by SIGKILL.
  if (trigger === 'exit-2') return (await import('./probe-killed.js')).explainProbeKilled(ctx);
  const before = ctx.shared.get(CGROUP_SNAPSHOT_KEY) ?? null;
  const memory = memoryFacts(before, readCgroupMemory(ctx.env));
  return { ...baseExplanation(ctx, trigger), memory, cause: sigkillCause(memory) };
}
