import { configFromEnv } from './env.js';
import { findConfigFiles } from './find.js';
import { defaultConfig, mergeConfig } from './merge.js';
import { DEFAULT_CONFIG, type LoadedConfig } from './types.js';

// The configuration for one run. With no config file (the everyday case) it
// is the defaults plus UV_SHIM_* variables, computed without importing the
// file loader, cosmiconfig or a TOML parser; only when a file exists is the
// full loader imported.
export async function loadConfigQuickly(cwd: string, env: NodeJS.ProcessEnv): Promise<LoadedConfig> {
  const files = findConfigFiles(cwd, env);
  if (files.length > 0) {
    const { loadConfig } = await import('./load.js');
    return loadConfig(cwd, env, files);
  }
  const fromEnv = configFromEnv(env);
  return { config: mergeConfig(defaultConfig(DEFAULT_CONFIG), fromEnv.config), files: [], problems: fromEnv.problems };
}
