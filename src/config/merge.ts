import type { ConfigProblem, LoadedConfig, ShimConfig } from './types.js';
import type { PartialConfig } from './validate.js';

// One layer over another: scalars replace, hook lists add up (a project's
// hooks run after the user's, never instead of them).
export function mergeConfig(base: ShimConfig, layer: PartialConfig): ShimConfig {
  const { hooks, ...rest } = layer;
  const merged: ShimConfig = { ...base, ...(rest as Partial<ShimConfig>) };
  merged.hooks = {
    preExec: [...base.hooks.preExec, ...(hooks?.preExec ?? [])],
    postExit: [...base.hooks.postExit, ...(hooks?.postExit ?? [])],
  };
  return merged;
}

// The defaults as a fresh object the caller may change.
export function defaultConfig(defaults: Readonly<ShimConfig>): ShimConfig {
  return { ...defaults, repairAllow: [...defaults.repairAllow], hooks: { preExec: [], postExit: [] } };
}

// The files' settings and problems with UV_SHIM_* variables over them
// (configFromEnv): what a load returns.
export function applyEnv(layer: LoadedConfig, fromEnv: { config: PartialConfig; problems: ConfigProblem[] }): LoadedConfig {
  return { ...layer, config: mergeConfig(layer.config, fromEnv.config), problems: [...layer.problems, ...fromEnv.problems] };
}
