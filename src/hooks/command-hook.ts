import { spawn } from 'node:child_process';
import type { CommandHookConfig } from '../config/types.js';
import { callerIgnores } from '../shim/launch-state.js';
import { execPlan } from '../shim/trampoline.js';
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

// Signals that end the shim while a hook runs, each with the default action
// "terminate": a Ctrl-C, a CI runner's SIGTERM, a closed terminal, and the
// ones a supervisor or a timer may send (SIGUSR1 never opens Node's
// inspector here: shims/uv listens for it from Node's first line).
const ENDING_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGALRM'];

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  try {
    if (pid !== undefined) process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

// The hook is outside the terminal's process group, and its timeout dies
// with the shim: without this, a signal that ends the shim would leave the
// hook running on its own. The hook's group gets the same signal, then the
// shim dies of it as it would have without the listeners: every listener for
// it goes (libuv then restores the default action) before the re-raise.
// Returns the function that removes the listeners.
function endHookWithShim(pid: () => number | undefined): () => void {
  // A signal the caller ignored ends nothing (launch-state.ts).
  const listeners = ENDING_SIGNALS.filter((signal) => !callerIgnores(signal)).map((signal) => {
    const listener = () => {
      killGroup(pid(), signal);
      process.removeAllListeners(signal);
      process.kill(process.pid, signal);
    };
    process.on(signal, listener);
    return [signal, listener] as const;
  });
  return () => {
    for (const [signal, listener] of listeners) process.removeListener(signal, listener);
  };
}

// How a hook ended, in words: the hook's own process, not execa's summary.
function failure(command: string, code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `\`${command}\` was killed by ${signal}` : `\`${command}\` failed with exit code ${code}`;
}

// A hook runs in a process group of its own (detached), so that on timeout
// the whole group goes: `sh -c "sleep 20"` would otherwise leave the sleep
// behind, holding the caller's stderr open long after the shim moved on.
// stdin is closed; a Ctrl-C reaches the hook through endHookWithShim.
// Node's own child_process, not execa: a hook needs a spawn, an exit status
// and a group to kill, and importing execa cost 130-190 ms per run with a
// hook, where the hook's own process costs a few.
function runCommand(hook: CommandHookConfig, ctx: RunContext, phase: 'preExec' | 'postExit'): Promise<void> {
  const shell = typeof hook.run === 'string';
  const [file, ...args] = shell ? ['/bin/sh', '-c', hook.run as string] : (hook.run as string[]);
  const command = shell ? (hook.run as string) : (hook.run as string[]).join(' ');
  return new Promise((resolvePromise, reject) => {
    // Listen before spawning, so that no signal finds the shim without them;
    // listeners run only once this function yields, when the pid is known.
    let pid: number | undefined;
    const unlisten = endHookWithShim(() => pid);
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const done = (error?: Error) => {
      clearTimeout(timer);
      unlisten();
      if (error) reject(error);
      else resolvePromise();
    };
    let child;
    try {
      // The caller's ignored signals and raw environment bytes back, as uv
      // gets them (trampoline.ts); the command's own words come from the
      // config, so there are no raw arguments to restore.
      const env = hookEnv(ctx, phase);
      const plan = execPlan(file!, args, env, ctx.launch && { ...ctx.launch, rawArgs: [] });
      if (plan.lost.length > 0) ctx.log.debug(`${command}: ${plan.lost.join(', ')} reach the hook with U+FFFD in place of bytes that are not UTF-8`);
      // stdout belongs to uv: a hook's output goes to stderr (fd 2), never fd 1.
      child = spawn(plan.file, plan.args, { cwd: ctx.cwd, env, stdio: ['ignore', 2, 'inherit'], detached: true });
    } catch (error) {
      done(error as Error);
      return;
    }
    pid = child.pid;
    timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid, 'SIGKILL');
    }, hook.timeoutMs);
    child.once('error', (error: NodeJS.ErrnoException) => done(new Error(`\`${command}\` could not start: ${error.message}`, { cause: error })));
    child.once('exit', (code, signal) => {
      if (timedOut) done(new Error(`timed out after ${hook.timeoutMs} ms; its process group was killed`));
      else if (code === 0) done();
      else done(new Error(failure(command, code, signal)));
    });
  });
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
