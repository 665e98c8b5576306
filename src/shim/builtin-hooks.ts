import { wantsLibraryCount, wantsLinkMode, wantsTiming } from '../first-run/wants.js';
import { commandUsesInterpreter } from '../guard/wants.js';
import type { BuiltinHook } from '../hooks/types.js';
import { wantsToolCheck } from '../native/wants.js';
import { exitNeedsExplaining, noteBeforeRun } from '../explain/wants.js';

// Built-in behaviour, in the order it runs: the pipeline's list of features.
// It lives with the pipeline (run.ts), above the features it names; hooks/
// below them holds only the contract and the runner. Each entry's `wants` is cheap and
// synchronous (it looks at the parsed command and config only); the module
// behind `load` is imported only when it returns true, so commands a hook
// does not care about never pay for its code.
export const BUILTIN_HOOKS: BuiltinHook[] = [
  // Checks (and per policy repairs) the Pythons the command will use, before
  // uv starts them (uv issue 16726); after `uv python install`, the new ones.
  // macOS only: elsewhere nothing is repaired, and whether an interpreter
  // dies of SIGKILL is asked after uv's exit 2, by the explanation.
  {
    name: 'interpreter guard',
    wants: (ctx) => ctx.config.guard && ctx.platform === 'darwin' && commandUsesInterpreter(ctx.command),
    load: async () => (await import('../guard/hook.js')).guardHook,
  },
  // `uvx NAME` on macOS: the Mach-O executables of the tool's environment
  // (what uv execs), checked and repaired before uv runs them.
  {
    name: 'tool executables',
    wants: wantsToolCheck,
    load: async () => (await import('../native/tool-hook.js')).toolExecutablesHook,
  },
  // Explains a SIGKILL / exit 137 (and a killed interpreter query) after uv
  // exits; before it runs, only notes the cgroup's OOM counter. Its code
  // loads only after an exit that needs explaining.
  {
    name: 'explain',
    wants: (ctx) => !ctx.command.informational,
    afterExit: { note: noteBeforeRun, wants: exitNeedsExplaining },
    load: async () => (await import('../explain/hook.js')).explainHook(),
  },
  // linkMode "hardlink" on macOS: UV_LINK_MODE=hardlink for uv, unless the
  // user chose a link mode (uv issue 17371).
  {
    name: 'link mode',
    wants: wantsLinkMode,
    load: async () => (await import('../first-run/link-mode-hook.js')).linkModeHook,
  },
  // After a command that writes an environment on macOS: counts the native
  // libraries macOS has yet to validate and warns past newLibraryThreshold.
  {
    name: 'first-run library count',
    wants: wantsLibraryCount,
    load: async () => (await import('../first-run/count-hook.js')).firstRunCountHook,
  },
  // UV_SHIM_TIMING=1: wall against CPU time of uv's tree. Last, so its
  // pre-exec step is the closest to uv's start.
  {
    name: 'timing',
    wants: wantsTiming,
    load: async () => (await import('../first-run/timing-hook.js')).timingHook,
  },
];
