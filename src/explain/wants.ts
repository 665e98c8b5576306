import type { PostExitContext, RunContext } from '../hooks/types.js';
import { slot } from '../hooks/state.js';
import { type CgroupMemory, readCgroupMemory } from './cgroup.js';
import { triggerOf } from './trigger.js';

// The counters read before uv ran, for the explain hook's post-exit step.
export const CGROUP_SNAPSHOT_KEY = slot<CgroupMemory | null>('explain.cgroup');

// What the explanation needs from before uv runs, taken by the pipeline
// without loading the explain hook: on Linux, the cgroup's OOM counter (a
// rise during the run is the OOM killer's evidence). Nothing on macOS, where
// the evidence (crash reports, the log) is read after the exit.
export function noteBeforeRun(ctx: RunContext): void {
  if (ctx.platform !== 'linux') return;
  ctx.shared.set(CGROUP_SNAPSHOT_KEY, readCgroupMemory(ctx.env));
}

// Whether this exit is worth a post-mortem, and so the explain hook's code.
export function exitNeedsExplaining(ctx: PostExitContext): boolean {
  return triggerOf(ctx.result) !== null;
}
