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

// Signals that end the shim while a hook runs: a Ctrl-C, a CI runner's
// SIGTERM, a closed terminal.
const ENDING_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  try {
    if (pid !== undefined) process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

// The hook is outside the terminal's process group, and its timeout dies
// with the shim: without this, a Ctrl-C or SIGTERM that ends the shim would
// leave the hook running on its own. The hook's group gets the same signal,
// then the shim dies of it as it would have without the listener. Returns
// the function that removes the listeners.
function endHookWithShim(pid: () => number | undefined): () => void {
  const listeners = ENDING_SIGNALS.map((signal) => {
    const listener = () => {
      killGroup(pid(), signal);
      remove();
      process.kill(process.pid, signal);
    };
    process.on(signal, listener);
    return [signal, listener] as const;
  });
  const remove = () => {
    for (const [signal, listener] of listeners) process.removeListener(signal, listener);
  };
  return remove;
}

// A hook runs in a process group of its own (detached), so that on timeout
// the whole group goes: `sh -c "sleep 20"` would otherwise leave the sleep
// behind, holding the caller's stderr open long after the shim moved on.
// stdin is closed; a Ctrl-C reaches the hook through endHookWithShim.
async function runCommand(hook: CommandHookConfig, ctx: RunContext, phase: 'preExec' | 'postExit'): Promise<void> {
  const { execa } = await import('execa');
  const [file, ...args] = typeof hook.run === 'string' ? [hook.run] : hook.run;
  // Listen before spawning: execa does a good deal of synchronous work after
  // the fork, and a signal that lands in that stretch must still reach the
  // hook. Listeners run only once this function yields, when pid is known.
  let pid: number | undefined;
  const unlisten = endHookWithShim(() => pid);
  let subprocess;
  try {
    // stdout belongs to uv: a hook's output goes to stderr (fd 2), never fd 1.
    subprocess = execa(file!, args, {
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
  } catch (error) {
    unlisten();
    throw error;
  }
  pid = subprocess.pid;
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(subprocess.pid, 'SIGKILL');
  }, hook.timeoutMs);
  try {
    await subprocess;
  } catch (error) {
    if (timedOut) throw new Error(`timed out after ${hook.timeoutMs} ms; its process group was killed`, { cause: error });
    const e = error as { shortMessage?: string; message: string };
    throw new Error(e.shortMessage ?? e.message, { cause: error });
  } finally {
    clearTimeout(timer);
    unlisten();
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
