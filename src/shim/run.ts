import { defaultConfig } from '../config/merge.js';
import { loadConfigQuickly } from '../config/quick.js';
import { envFlag } from '../config/settings.js';
import { DEFAULT_CONFIG, type ShimConfig } from '../config/types.js';
import { HookState } from '../hooks/state.js';
import { BUILTIN_HOOKS } from './builtin-hooks.js';
import { execUv } from './exec-uv.js';
import type { BuiltinHook, Hook, PostExitAction, PostExitContext, RunContext, Tool } from '../hooks/types.js';
import { createLogger, parseLogLevel, type Logger } from '../log.js';
import { currentPlatform } from '../platform.js';
import { parseUvCommand } from '../uv/command.js';
import type { ExitStatus } from '../common/exit-status.js';
import { ShimError } from '../errors.js';
import type { LaunchState } from './launch-state.js';
import { checkRecursion, markChildEnv } from './recursion.js';
import { resolveRealUv } from './resolve-uv.js';
import { spawnUv, type SpawnRequest } from './spawn-uv.js';

// One run of the launcher: which tool, its arguments, where it was found.
export interface ShimInvocation {
  tool: Tool;
  args: string[];
  // Directory of the launcher that started us; skipped when searching PATH.
  shimDir?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  // What the launcher saw and Node cannot keep (ignored signals, raw bytes).
  launch?: LaunchState;
}

// How uv ended, after any post-exit hook had its say.
export interface ShimOutcome {
  result: ExitStatus;
}

// resolve → pre-exec hooks → spawn → post-exit hooks (→ one retry if a hook
// asks for it). Only the shim's fatal errors (no uv, a loop, strict mode, a
// required hook) throw; everything else it gets wrong is a warning, and uv
// runs anyway.
export async function runShim(invocation: ShimInvocation): Promise<ShimOutcome> {
  const env = invocation.env ?? process.env;
  const cwd = invocation.cwd ?? workingDirectory(env);
  const log = createLogger(parseLogLevel(env.UV_SHIM_LOG) ?? 'warn');
  log.debug(`${invocation.tool} ${JSON.stringify(invocation.args)}`);

  log.phase('recursion check', () => checkRecursion(env));
  const resolution = log.phase('resolve real uv', () =>
    resolveRealUv({ name: invocation.tool, env, cwd, shimDir: invocation.shimDir }),
  );
  log.debug(`real ${invocation.tool}: ${resolution.path}`);
  const uvArgs = [...resolution.prefix, ...invocation.args];
  const restore = {
    launch: invocation.launch,
    prefixLength: resolution.prefix.length,
    onLost: (names: string[]) =>
      log.warn(`the value of ${names.join(', ')} is not UTF-8 and could not be handed to uv byte for byte; uv gets it with U+FFFD in place of each bad byte.`),
  };

  // The launcher's shell part runs uv itself for this; here for callers of
  // runShim that come without it.
  if (envFlag(env, 'bypass')) {
    log.debug('UV_SHIM_BYPASS: running uv with no checks');
    const request: SpawnRequest = { file: resolution.path, args: uvArgs, env: markChildEnv(env), cwd: invocation.cwd, ...restore };
    becomeUv(request, log);
    return { result: await spawnUv(request) };
  }

  const config = await log.phaseAsync('load config', () => loadShimConfig(cwd, env, log));
  if (env.UV_SHIM_HOOK_PHASE !== undefined && config.hooks.preExec.length + config.hooks.postExit.length > 0) {
    // A `uv` run by a user hook would run that hook again, and it again,
    // without end: hooks do not nest. The built-ins still apply.
    log.debug(`run by a ${env.UV_SHIM_HOOK_PHASE} hook: not running the user's hooks again`);
    config.hooks = { preExec: [], postExit: [] };
  }
  const ctx: RunContext = {
    tool: invocation.tool,
    args: invocation.args,
    command: parseUvCommand(invocation.tool, invocation.args),
    realUv: resolution.path,
    env: { ...env },
    cwd,
    platform: currentPlatform(env),
    config,
    log,
    shared: new HookState(),
    attempt: 1,
    launch: invocation.launch,
  };

  // Most commands interest no hook: then the hook runner is never loaded.
  // A built-in that only looks at how uv ended takes its note now and is
  // loaded after uv exits, if at all.
  const wanted = log.phase('select hooks', () => selectBuiltins(ctx));
  const late = wanted.filter((builtin) => builtin.afterExit);
  for (const builtin of late) noteSafely(builtin, ctx);
  const early = wanted.filter((builtin) => !builtin.afterExit);
  const hooks: LoadedHooks = { builtins: new Map(), user: [] };
  if (early.length > 0 || config.hooks.preExec.length > 0 || config.hooks.postExit.length > 0) {
    try {
      const runner = await import('../hooks/run-hooks.js');
      hooks.builtins = await log.phaseAsync('load hooks', () => runner.loadBuiltins(ctx, early));
      hooks.user = runner.userHooks(ctx);
      await runner.runPreExec(inOrder(hooks), ctx);
    } catch (error) {
      if (error instanceof ShimError) throw error;
      log.warn(`pre-exec checks failed unexpectedly (${String(error)}); running uv anyway.`);
    }
  }

  const onSignal = (signal: NodeJS.Signals, forwarded: boolean) =>
    log.debug(forwarded ? `${signal}: forwarded to uv` : `${signal}: sent by the terminal to the whole group, uv has it; not forwarded`);
  let uvPid: number | undefined;
  const onStart = (pid: number) => {
    uvPid = pid;
  };
  const request: SpawnRequest = { file: resolution.path, args: uvArgs, env: markChildEnv(ctx.env), cwd: invocation.cwd, onSignal, onStart, ...restore };
  if (nothingAfterExit(hooks, late, config)) becomeUv(request, log);
  let result = await log.phaseAsync('uv', () => spawnUv(request));
  log.debug(`uv ended: ${result.signal ? `signal ${result.signal}` : `exit ${result.code}`}`);

  const post = await runPostExitSafely(hooks, late, { ...ctx, result, uvPid }, log);
  if (post.retry) {
    log.debug('retrying once, as a post-exit hook asked');
    ctx.attempt = 2;
    uvPid = undefined;
    result = await spawnUv({ ...request, env: markChildEnv(ctx.env) });
    await runPostExitSafely(hooks, late, { ...ctx, result, uvPid }, log);
  }
  return { result };
}

// True when uv's exit is the end of the run: no built-in wants to look at
// how uv ended (`late`: explain, for every command that is not
// informational), no loaded built-in or user hook has a post-exit step, and
// so no retry can be asked for. Then the shim need not outlive uv.
function nothingAfterExit(hooks: LoadedHooks, late: readonly BuiltinHook[], config: ShimConfig): boolean {
  return late.length === 0 && config.hooks.postExit.length === 0 && !inOrder(hooks).some((hook) => hook.postExit);
}

// Hands this process to uv (exec-uv.ts); returns only when it cannot, and
// uv is then spawned.
function becomeUv(request: SpawnRequest, log: Logger): void {
  const refused = execUv(request);
  log.debug(`uv runs as a child: ${refused}`);
}

// Where config files and hooks are looked for. uv itself is started in the
// shim's own working directory, whatever this returns: one that was deleted
// under the shell (getcwd fails) does not stop uv, which decides for itself
// whether it needs it; the shim's lookups then start from $PWD, or /.
function workingDirectory(env: NodeJS.ProcessEnv): string {
  try {
    return process.cwd();
  } catch {
    return env.PWD || '/';
  }
}

// A built-in whose `wants` throws is skipped with a warning, like one whose
// module fails to load.
function selectBuiltins(ctx: RunContext): BuiltinHook[] {
  return BUILTIN_HOOKS.filter((builtin) => {
    try {
      return builtin.wants(ctx);
    } catch (error) {
      ctx.log.warn(`built-in ${builtin.name} failed to decide whether it applies (${String(error)}); uv runs without it.`);
      return false;
    }
  });
}

// The hooks of one run: the built-ins loaded so far (a late one joins
// after uv exits), then the user's command hooks.
interface LoadedHooks {
  builtins: Map<BuiltinHook, Hook>;
  user: Hook[];
}

// Built-ins in BUILTIN_HOOKS order, wherever they were loaded, then the user's.
function inOrder(hooks: LoadedHooks): Hook[] {
  const builtins = BUILTIN_HOOKS.flatMap((builtin) => hooks.builtins.get(builtin) ?? []);
  return [...builtins, ...hooks.user];
}

// A note that throws is skipped with a warning; its built-in still gets to
// look at how uv ended.
function noteSafely(builtin: BuiltinHook, ctx: RunContext): void {
  try {
    builtin.afterExit?.note?.(ctx);
  } catch (error) {
    ctx.log.warn(`built-in ${builtin.name} failed before uv ran (${String(error)}); uv runs anyway.`);
  }
}

// Loads the late built-ins this exit needs, then runs every post-exit step.
async function runPostExitSafely(
  hooks: LoadedHooks,
  late: readonly BuiltinHook[],
  ctx: PostExitContext,
  log: Logger,
): Promise<PostExitAction> {
  const due = late.filter((builtin) => !hooks.builtins.has(builtin) && wantsExit(builtin, ctx));
  if (due.length === 0 && !inOrder(hooks).some((h) => h.postExit)) return {};
  try {
    const runner = await import('../hooks/run-hooks.js');
    for (const [builtin, hook] of await runner.loadBuiltins(ctx, due)) hooks.builtins.set(builtin, hook);
    return await runner.runPostExit(inOrder(hooks), ctx);
  } catch (error) {
    if (error instanceof ShimError) throw error;
    log.warn(`post-exit checks failed unexpectedly (${String(error)}).`);
    return {};
  }
}

function wantsExit(builtin: BuiltinHook, ctx: PostExitContext): boolean {
  try {
    return builtin.afterExit?.wants(ctx) ?? false;
  } catch (error) {
    ctx.log.warn(`built-in ${builtin.name} failed to decide whether this exit concerns it (${String(error)}).`);
    return false;
  }
}

async function loadShimConfig(cwd: string, env: NodeJS.ProcessEnv, log: Logger): Promise<ShimConfig> {
  let loaded;
  try {
    loaded = await loadConfigQuickly(cwd, env);
  } catch (error) {
    log.warn(`could not read configuration (${String(error)}); using defaults.`);
    return defaultConfig(DEFAULT_CONFIG);
  }
  log.level = loaded.config.log;
  for (const file of loaded.files) log.debug(`config: ${file}`);
  if (loaded.notices.length === 0 && loaded.problems.length === 0) return loaded.config;
  // The words for notices and problems load only when there are some.
  const words = await import('../config/format-problem.js').catch((error: unknown) => {
    log.warn(`the configuration's notices and problems cannot be shown (${String(error)}).`);
    return undefined;
  });
  for (const notice of loaded.notices) if (words) log.warn(words.formatNotice(notice));
  if (loaded.problems.length > 0) {
    if (loaded.config.strict) throw new ShimError({ kind: 'config-invalid', problems: loaded.problems });
    if (!words) return loaded.config;
    const lines = loaded.problems.map((p) => `  ${words.formatProblem(p)}`).join('\n');
    log.warn(`ignoring invalid configuration:\n${lines}`);
  }
  return loaded.config;
}
