import { EXIT, ShimError } from '../shim/errors.js';
import { commandHook } from './command-hook.js';
import type { BuiltinHook, Hook, PostExitAction, PostExitContext, RunContext } from './types.js';

// Built-ins first (they may change uv's environment, e.g. UV_LINK_MODE), then
// the user's hooks in config order. `wanted` are the built-ins whose `wants`
// said yes for this command.
export async function collectHooks(ctx: RunContext, wanted: readonly BuiltinHook[]): Promise<Hook[]> {
  const hooks: Hook[] = [];
  for (const builtin of wanted) {
    try {
      hooks.push(await ctx.log.phaseAsync(`load ${builtin.name}`, () => builtin.load()));
    } catch (error) {
      ctx.log.warn(`built-in ${builtin.name} could not be loaded (${errorText(error)}); uv runs without it.`);
    }
  }
  for (const h of ctx.config.hooks.preExec) hooks.push(commandHook(h, 'preExec'));
  for (const h of ctx.config.hooks.postExit) hooks.push(commandHook(h, 'postExit'));
  return hooks;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// After uv ran, what it did; a fatal pre-exec failure means it never started.
function outcome(ctx: RunContext | PostExitContext): string {
  if (!('result' in ctx)) return 'uv was not run';
  const { code, signal } = ctx.result;
  return `uv ran and ${signal ? `died of ${signal}` : `exited with ${code}`}, but the shim exits ${EXIT.hookFailed}`;
}

function failed(hook: Hook, error: unknown, ctx: RunContext | PostExitContext, strict: boolean): void {
  if (error instanceof ShimError) throw error;
  if (hook.required || strict) {
    throw new ShimError(
      `${hook.name} failed: ${errorText(error)}`,
      hook.required
        ? `This hook is marked required, so ${outcome(ctx)}. Fix the hook, or set "required": false in its config.`
        : `strict is on (UV_SHIM_STRICT=1 or "strict": true in a config file): every hook failure is fatal, so ${outcome(ctx)}. ` +
            'Turn it off to warn and carry on.',
      EXIT.hookFailed,
      { cause: error },
    );
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
