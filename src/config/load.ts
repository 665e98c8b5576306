import { basename, dirname } from 'node:path';
import { userConfigDir } from '../paths.js';
import { configFromEnv } from './env.js';
import { findConfigFiles, PROJECT_CONFIG_NAMES } from './find.js';
import { defaultConfig, mergeConfig } from './merge.js';
import { DEFAULT_CONFIG, type ConfigProblem, type LoadedConfig, type ShimConfig } from './types.js';
import { validateConfig } from './validate.js';

// pyproject.toml holds uv-shim's settings under [tool.uv-shim]; a user-level
// config.toml holds them at the top level.
async function loadToml(filepath: string, content: string): Promise<unknown> {
  const { parse } = await import('smol-toml');
  const doc = parse(content) as Record<string, unknown>;
  if (basename(filepath) !== 'pyproject.toml') return doc;
  const tool = doc.tool as Record<string, unknown> | undefined;
  return tool?.['uv-shim'] ?? null;
}

async function readConfigFile(file: string): Promise<{ raw: unknown; problem?: ConfigProblem }> {
  // cosmiconfig is only imported when a config file exists: the everyday
  // path (no config) never pays for it.
  const { cosmiconfig } = await import('cosmiconfig');
  const explorer = cosmiconfig('uv-shim', {
    searchPlaces: [...PROJECT_CONFIG_NAMES],
    loaders: { '.toml': loadToml },
    cache: false,
  });
  try {
    const result = await explorer.load(file);
    return { raw: result?.config ?? null };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { raw: null, problem: { file, key: '(file)', message: `could not be parsed: ${reason}` } };
  }
}

// Defaults, then the user file, then the nearest project file, then UV_SHIM_*
// variables. Problems are collected, never thrown: the caller decides whether
// they are fatal (strict mode) or a warning.
export async function loadConfig(
  cwd: string,
  env: NodeJS.ProcessEnv,
  found: string[] = findConfigFiles(cwd, env),
): Promise<LoadedConfig> {
  let config: ShimConfig = defaultConfig(DEFAULT_CONFIG);
  const files: string[] = [];
  const problems: ConfigProblem[] = [];

  for (const file of found) {
    files.push(file);
    const { raw, problem } = await readConfigFile(file);
    if (problem) problems.push(problem);
    const checked = validateConfig(raw, file);
    problems.push(...checked.problems);
    // A project file travels with a cloned repository; it must not widen the
    // trees whose binaries the shim re-signs. Only the user's own file does.
    if (checked.config.repairAllow !== undefined && dirname(file) !== userConfigDir(env)) {
      problems.push({
        file,
        key: 'repairAllow',
        message: `is read only from your user config (${userConfigDir(env)}/config.*): a project file cannot widen what the shim re-signs`,
      });
      delete checked.config.repairAllow;
    }
    config = mergeConfig(config, checked.config);
  }

  const fromEnv = configFromEnv(env);
  problems.push(...fromEnv.problems);
  config = mergeConfig(config, fromEnv.config);
  return { config, files, problems };
}
