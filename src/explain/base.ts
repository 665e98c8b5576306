import type { PostExitContext } from '../hooks/types.js';
import type { ExplainTrigger, Explanation } from './facts.js';

// The fields every explanation has, before the cause is known.
export function baseExplanation(ctx: PostExitContext, trigger: ExplainTrigger): Explanation {
  return {
    schema: 2,
    platform: ctx.platform,
    trigger,
    cause: 'unknown-sigkill',
    command: [ctx.tool, ...ctx.args],
    exit: { code: ctx.result.code, signal: ctx.result.signal },
    attempt: ctx.attempt,
    memory: null,
    killed: null,
    evidence: null,
    repair: null,
    retry: 'none',
    fixes: [],
    upstream: null,
  };
}
