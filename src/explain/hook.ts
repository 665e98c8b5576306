import type { Hook, PostExitContext, RunContext } from '../hooks/types.js';
import { CGROUP_SNAPSHOT_KEY, readCgroupMemory } from './cgroup.js';
import { triggerOf } from './trigger.js';

// Before uv runs, starts reading the cgroup's OOM counter (Linux only; the
// read runs beside uv's start and is awaited only after a SIGKILL); after uv
// exits, loads the explaining code only for the exits that need it.
export function explainHook(): Hook {
  return {
    name: 'explain',
    required: false,
    async preExec(ctx: RunContext) {
      snapshot(ctx);
    },
    async postExit(ctx: PostExitContext) {
      const trigger = triggerOf(ctx.result);
      if (!trigger) return;
      const { explainExit } = await import('./explain-exit.js');
      const action = await explainExit(ctx, trigger);
      // A retry is a new run: its OOM evidence starts from now.
      if (action?.retry) snapshot(ctx);
      return action;
    },
  };
}

function snapshot(ctx: RunContext): void {
  if (ctx.platform !== 'linux') return;
  // readCgroupMemory never rejects (every read failure means "no counters").
  ctx.shared.set(CGROUP_SNAPSHOT_KEY, readCgroupMemory(ctx.env));
}
