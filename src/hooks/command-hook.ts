import type { CommandHookConfig } from '../config/types.js';
import type { Hook, PostExitContext, RunContext } from './types.js';

// The environment a user hook command sees: the run's facts as UV_SHIM_HOOK_*
// variables on top of uv's own environment.
export function hookEnv(ctx: RunContext, phase: 'preExec' | 'postExit'): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...ctx.env,
    UV_SHIM_HOOK_PHASE: phase,
    UV_SHIM_HOOK_TOOL: ctx.tool,
    UV_SHIM_HOOK_ARGS: JSON.stringify(ctx.args),
    UV_SHIM_HOOK_SUBCOMMAND: ctx.command.subcommand.join(' '),
    UV_SHIM_HOOK_UV: ctx.realUv,
    UV_SHIM_HOOK_CWD: ctx.cwd,
    UV_SHIM_HOOK_ATTEMPT: String(ctx.attempt),
  };
  if (phase === 'postExit') {
    const { result } = ctx as PostExitContext;
    env.UV_SHIM_HOOK_EXIT_CODE = result.code === null ? '' : String(result.code);
    env.UV_SHIM_HOOK_SIGNAL = result.signal ?? '';
  }
  return env;
}

async function runCommand(hook: CommandHookConfig, ctx: RunContext, phase: 'preExec' | 'postExit'): Promise<void> {
  const { execa } = await import('execa');
  const [file, ...args] = typeof hook.run === 'string' ? [hook.run] : hook.run;
  // stdout belongs to uv: a hook's output goes to stderr (fd 2), never fd 1.
  await execa(file!, args, {
    shell: typeof hook.run === 'string',
    cwd: ctx.cwd,
    env: hookEnv(ctx, phase),
    extendEnv: false,
    stdin: 'ignore',
    stdout: 2,
    stderr: 'inherit',
    timeout: hook.timeoutMs,
    reject: true,
  }).catch((error: { shortMessage?: string; message: string }) => {
    throw new Error(error.shortMessage ?? error.message, { cause: error });
  });
}

export function commandHook(config: CommandHookConfig, phase: 'preExec' | 'postExit'): Hook {
  const name = `${phase} hook ${JSON.stringify(config.name)}`;
  return phase === 'preExec'
    ? { name, required: config.required, preExec: (ctx) => runCommand(config, ctx, phase) }
    : {
        name,
        required: config.required,
        postExit: async (ctx) => {
          await runCommand(config, ctx, phase);
        },
      };
}
