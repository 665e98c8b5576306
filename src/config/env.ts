import { parseLogLevel } from '../log.js';
import type { ConfigProblem } from './types.js';
import type { PartialConfig } from './validate.js';

function envBool(v: string): boolean | undefined {
  const s = v.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(s)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(s)) return false;
  return undefined;
}

// UV_SHIM_* variables override every file. A bad value is a problem like a
// bad file entry: named, and ignored unless strict.
export function configFromEnv(env: NodeJS.ProcessEnv): { config: PartialConfig; problems: ConfigProblem[] } {
  const config: PartialConfig = {};
  const problems: ConfigProblem[] = [];
  const bad = (key: string, message: string) => problems.push({ file: 'environment', key, message });

  const bools: [string, 'strict' | 'guard' | 'retry'][] = [
    ['UV_SHIM_STRICT', 'strict'],
    ['UV_SHIM_GUARD', 'guard'],
    ['UV_SHIM_RETRY', 'retry'],
  ];
  for (const [name, key] of bools) {
    const v = env[name];
    if (v === undefined) continue;
    const b = envBool(v);
    if (b === undefined) bad(name, `expected 1 or 0, found ${JSON.stringify(v)}`);
    else config[key] = b;
  }
  if (env.UV_SHIM_LOG !== undefined && env.UV_SHIM_LOG !== '') {
    const level = parseLogLevel(env.UV_SHIM_LOG);
    if (level) config.log = level;
    else bad('UV_SHIM_LOG', `expected silent, warn, info or debug, found ${JSON.stringify(env.UV_SHIM_LOG)}`);
  }
  const choice = <K extends 'repair' | 'explain' | 'linkMode'>(name: string, key: K, allowed: string[]) => {
    const v = env[name];
    if (v === undefined || v === '') return;
    if (allowed.includes(v)) (config as Record<string, unknown>)[key] = v;
    else bad(name, `expected one of ${allowed.join(', ')}, found ${JSON.stringify(v)}`);
  };
  choice('UV_SHIM_REPAIR', 'repair', ['auto', 'prompt', 'off']);
  choice('UV_SHIM_EXPLAIN', 'explain', ['text', 'json']);
  choice('UV_SHIM_LINK_MODE', 'linkMode', ['uv-default', 'hardlink']);
  if (env.UV_SHIM_EXPLAIN_FILE) config.explainFile = env.UV_SHIM_EXPLAIN_FILE;
  return { config, problems };
}
