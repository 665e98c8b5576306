import { basename } from 'node:path';
import { configFromEnv } from './env.js';
import { findProjectConfig, findUserConfig, PROJECT_CONFIG_NAMES } from './find.js';
import { DEFAULT_CONFIG, type ConfigProblem, type LoadedConfig, type ShimConfig } from './types.js';
import { validateConfig, type PartialConfig } from './validate.js';

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

function merge(base: ShimConfig, layer: PartialConfig): ShimConfig {
  const { hooks, ...rest } = layer;
  const merged: ShimConfig = { ...base, ...(rest as Partial<ShimConfig>) };
  merged.hooks = {
    preExec: [...base.hooks.preExec, ...(hooks?.preExec ?? [])],
    postExit: [...base.hooks.postExit, ...(hooks?.postExit ?? [])],
  };
  return merged;
}

// Defaults, then the user file, then the nearest project file, then UV_SHIM_*
// variables. Problems are collected, never thrown: the caller decides whether
// they are fatal (strict mode) or a warning.
export async function loadConfig(cwd: string, env: NodeJS.ProcessEnv): Promise<LoadedConfig> {
  let config: ShimConfig = { ...DEFAULT_CONFIG, hooks: { preExec: [], postExit: [] } };
  const files: string[] = [];
  const problems: ConfigProblem[] = [];

  for (const file of [findUserConfig(env), findProjectConfig(cwd)]) {
    if (!file) continue;
    files.push(file);
    const { raw, problem } = await readConfigFile(file);
    if (problem) problems.push(problem);
    const checked = validateConfig(raw, file);
    problems.push(...checked.problems);
    config = merge(config, checked.config);
  }

  const fromEnv = configFromEnv(env);
  problems.push(...fromEnv.problems);
  config = merge(config, fromEnv.config);
  return { config, files, problems };
}

export function formatProblem(p: ConfigProblem): string {
  return p.file === 'environment'
    ? `${p.key}: ${p.message}`
    : `${p.file}: ${p.key}: ${p.message}`;
}
