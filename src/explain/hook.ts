import type { Hook, PostExitContext } from '../hooks/types.js';
import { triggerOf } from './trigger.js';
import { noteBeforeRun } from './wants.js';

// Loaded after uv exits, and only for the exits that need explaining (the
// pipeline took its note before uv ran: src/explain/wants.ts).
export function explainHook(): Hook {
  return {
    name: 'explain',
    required: false,
    async postExit(ctx: PostExitContext) {
      const trigger = triggerOf(ctx.result);
      if (!trigger) return;
      const { explainExit } = await import('./explain-exit.js');
      const action = await explainExit(ctx, trigger);
      // A retry is a new run: its OOM evidence starts from now.
      if (action?.retry) noteBeforeRun(ctx);
      return action;
    },
  };
}
