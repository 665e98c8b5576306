import type { ExitStatus } from '../common/exit-status.js';
import type { HookState } from './state.js';
import type { ShimConfig } from '../config/types.js';
import type { Logger } from '../log.js';
import type { Platform } from '../platform.js';
import type { UvCommand } from '../uv/command.js';
import type { LaunchState } from '../shim/launch-state.js';

// The launcher that started the shim.
export type Tool = 'uv' | 'uvx';

// Everything a hook may know about one run of uv. Pre-exec hooks may add to
// `env` (the child's environment) and leave notes for post-exit hooks in
// `shared`; they must not touch argv: uv gets exactly what the user typed.
export interface RunContext {
  tool: Tool;
  // The arguments as the user typed them, after `uv` or `uvx`.
  args: readonly string[];
  // The same command as uv parses it: for uvx, `tool run …`.
  command: UvCommand;
  // Absolute path of the uv (or uvx) binary that will be spawned.
  realUv: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
  platform: Platform;
  config: ShimConfig;
  log: Logger;
  shared: HookState;
  // 1 for the user's run, 2 for the one retry a post-exit hook may ask for.
  attempt: number;
  // What the launcher saw and Node cannot keep (ignored signals, raw
  // bytes): a hook's command gets it back as uv does.
  launch?: LaunchState;
}

// A post-exit step also knows how uv ended.
export interface PostExitContext extends RunContext {
  // How uv ended.
  result: ExitStatus;
  // uv's process id, when it started: the parent of what uv ran, which is
  // how a crash report is tied to this uv.
  uvPid?: number;
}

// What a post-exit step may ask of the pipeline.
export interface PostExitAction {
  // Run the same command once more (at most once per shim run).
  retry?: boolean;
}

// One step of the pipeline: built-in or a user command.
export interface Hook {
  name: string;
  // A required hook that fails stops the run; others only warn.
  required: boolean;
  preExec?(ctx: RunContext): Promise<void>;
  postExit?(ctx: PostExitContext): Promise<PostExitAction | void>;
}

// A built-in hook is registered with a cheap test, so its module (and what
// it imports) is loaded only for commands it cares about.
export interface BuiltinHook {
  name: string;
  wants(ctx: RunContext): boolean;
  load(): Promise<Hook>;
  // Set for a built-in that has nothing to do before uv runs but take a
  // note: the pipeline calls `note` (cheap and synchronous; it may leave
  // values in ctx.shared) instead of loading the hook, and loads the hook
  // after uv exits only when `wants` says this exit needs it. The hook's
  // preExec is never run.
  afterExit?: {
    note?(ctx: RunContext): void;
    wants(ctx: PostExitContext): boolean;
  };
}
