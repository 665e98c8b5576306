import { configFromEnv } from './env.js';
import { anyConfigCandidate } from './find.js';
import { defaultConfig, mergeConfig } from './merge.js';
import { DEFAULT_CONFIG, type LoadedConfig } from './types.js';

// The configuration for one run. With no config file (the everyday case) it
// is the defaults plus UV_SHIM_* variables, computed without importing the
// file loader; only when a file exists is the loader imported, and it parses
// only files that changed since they were last read (cache.ts).
export async function loadConfigQuickly(cwd: string, env: NodeJS.ProcessEnv): Promise<LoadedConfig> {
  if (anyConfigCandidate(cwd, env)) {
    const { loadConfig } = await import('./load.js');
    return loadConfig(cwd, env);
  }
  const fromEnv = configFromEnv(env);
  return {
    config: mergeConfig(defaultConfig(DEFAULT_CONFIG), fromEnv.config),
    files: [],
    problems: fromEnv.problems,
    notices: [],
    reports: [],
  };
}
