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

// A hook runs in a process group of its own (detached), so that on timeout
// the whole group goes: `sh -c "sleep 20"` would otherwise leave the sleep
// behind, holding the caller's stderr open long after the shim moved on.
// stdin is closed, so being outside the terminal's foreground group costs
// the hook nothing but Ctrl-C, and the timeout bounds it anyway.
async function runCommand(hook: CommandHookConfig, ctx: RunContext, phase: 'preExec' | 'postExit'): Promise<void> {
  const { execa } = await import('execa');
  const [file, ...args] = typeof hook.run === 'string' ? [hook.run] : hook.run;
  // stdout belongs to uv: a hook's output goes to stderr (fd 2), never fd 1.
  const subprocess = execa(file!, args, {
    shell: typeof hook.run === 'string',
    cwd: ctx.cwd,
    env: hookEnv(ctx, phase),
    extendEnv: false,
    stdin: 'ignore',
    stdout: 2,
    stderr: 'inherit',
    detached: true,
    reject: true,
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    try {
      process.kill(-subprocess.pid!, 'SIGKILL');
    } catch {
      // The group is already gone.
    }
  }, hook.timeoutMs);
  try {
    await subprocess;
  } catch (error) {
    if (timedOut) throw new Error(`timed out after ${hook.timeoutMs} ms; its process group was killed`, { cause: error });
    const e = error as { shortMessage?: string; message: string };
    throw new Error(e.shortMessage ?? e.message, { cause: error });
  } finally {
    clearTimeout(timer);
  }
}

// A user's configured command as a Hook, so it runs through the same runner as the built-ins.
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
