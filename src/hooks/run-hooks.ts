import { ShimError } from '../errors.js';
import { commandHook } from './command-hook.js';
import type { BuiltinHook, Hook, PostExitAction, PostExitContext, RunContext } from './types.js';

// Built-ins first (they may change uv's environment, e.g. UV_LINK_MODE), then
// the user's hooks in config order. `wanted` are the built-ins whose `wants`
// said yes for this command.
export async function collectHooks(ctx: RunContext, wanted: readonly BuiltinHook[]): Promise<Hook[]> {
  return [...(await loadBuiltins(ctx, wanted)).values(), ...userHooks(ctx)];
}

// The hooks of the built-ins `wanted`, in that order; one that cannot be
// loaded is left out with a warning.
export async function loadBuiltins(ctx: RunContext, wanted: readonly BuiltinHook[]): Promise<Map<BuiltinHook, Hook>> {
  const hooks = new Map<BuiltinHook, Hook>();
  for (const builtin of wanted) {
    try {
      hooks.set(builtin, await ctx.log.phaseAsync(`load ${builtin.name}`, () => builtin.load()));
    } catch (error) {
      ctx.log.warn(`built-in ${builtin.name} could not be loaded (${errorText(error)}); uv runs without it.`);
    }
  }
  return hooks;
}

// The user's command hooks, in config order.
export function userHooks(ctx: RunContext): Hook[] {
  return [
    ...ctx.config.hooks.preExec.map((h) => commandHook(h, 'preExec')),
    ...ctx.config.hooks.postExit.map((h) => commandHook(h, 'postExit')),
  ];
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function failed(hook: Hook, error: unknown, ctx: RunContext | PostExitContext, strict: boolean): void {
  if (error instanceof ShimError) throw error;
  if (hook.required || strict) {
    const uv = 'result' in ctx ? ctx.result : null;
    throw new ShimError({ kind: 'hook-failed', hook: hook.name, reason: errorText(error), required: hook.required, uv }, { cause: error });
  }
  ctx.log.warn(`${hook.name} failed: ${errorText(error)} (uv runs anyway)`);
}

// Runs every pre-exec step in order; a failure warns unless required or strict.
export async function runPreExec(hooks: Hook[], ctx: RunContext): Promise<void> {
  for (const hook of hooks) {
    if (!hook.preExec) continue;
    try {
      await ctx.log.phaseAsync(hook.name, () => hook.preExec!(ctx));
    } catch (error) {
      failed(hook, error, ctx, ctx.config.strict);
    }
  }
}

// Runs every post-exit step and merges what they ask for (a retry).
export async function runPostExit(hooks: Hook[], ctx: PostExitContext): Promise<PostExitAction> {
  const action: PostExitAction = {};
  for (const hook of hooks) {
    if (!hook.postExit) continue;
    try {
      const result = await ctx.log.phaseAsync(hook.name, () => hook.postExit!(ctx));
      if (result?.retry) action.retry = true;
    } catch (error) {
      failed(hook, error, ctx, ctx.config.strict);
    }
  }
  return action;
}
