import { parseLogLevel } from '../log.js';
import type { CommandHookConfig, ConfigProblem, ShimConfig } from './types.js';

type Partial2 = Partial<Omit<ShimConfig, 'hooks'>> & { hooks?: Partial<ShimConfig['hooks']> };

const KNOWN_KEYS = new Set([
  'strict', 'log', 'guard', 'repair', 'repairAllow', 'retry', 'explain', 'explainFile',
  'linkMode', 'newLibraryThreshold', 'newLibraryMachOOnly', 'hooks',
]);

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

// Checks one config file's contents. Every problem names the file and the
// key; valid keys are kept even when others are broken, so one typo does not
// throw away the rest of the user's settings.
export function validateConfig(raw: unknown, file: string): { config: Partial2; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const config: Partial2 = {};
  const problem = (key: string, message: string) => problems.push({ file, key, message });

  if (raw === null || raw === undefined) return { config, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problem('(root)', `expected a table/object of settings, found ${describe(raw)}`);
    return { config, problems };
  }
  const obj = raw as Record<string, unknown>;

  for (const key of Object.keys(obj)) {
    if (!KNOWN_KEYS.has(key)) problem(key, `unknown setting (known: ${[...KNOWN_KEYS].join(', ')})`);
  }

  const bool = (key: 'strict' | 'guard' | 'retry' | 'newLibraryMachOOnly') => {
    if (!(key in obj)) return;
    const v = obj[key];
    if (typeof v === 'boolean') config[key] = v;
    else problem(key, `expected true or false, found ${describe(v)}`);
  };
  const oneOf = <K extends 'repair' | 'explain' | 'linkMode'>(key: K, allowed: readonly ShimConfig[K][]) => {
    if (!(key in obj)) return;
    const v = obj[key];
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) config[key] = v as Partial2[K];
    else problem(key, `expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, found ${describe(v)}`);
  };

  bool('strict');
  bool('guard');
  bool('retry');
  bool('newLibraryMachOOnly');
  oneOf('repair', ['auto', 'prompt', 'off']);
  oneOf('explain', ['text', 'json']);
  oneOf('linkMode', ['uv-default', 'hardlink']);

  if ('log' in obj) {
    const level = typeof obj.log === 'string' ? parseLogLevel(obj.log) : undefined;
    if (level) config.log = level;
    else problem('log', `expected "silent", "warn", "info" or "debug", found ${describe(obj.log)}`);
  }
  if ('explainFile' in obj) {
    if (typeof obj.explainFile === 'string' && obj.explainFile !== '') config.explainFile = obj.explainFile;
    else problem('explainFile', `expected a file path, found ${describe(obj.explainFile)}`);
  }
  if ('newLibraryThreshold' in obj) {
    const v = obj.newLibraryThreshold;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) config.newLibraryThreshold = v;
    else problem('newLibraryThreshold', `expected a whole number ≥ 0, found ${describe(v)}`);
  }
  if ('repairAllow' in obj) {
    const v = obj.repairAllow;
    if (!Array.isArray(v)) problem('repairAllow', `expected a list of absolute directory paths, found ${describe(v)}`);
    else {
      // Each bad entry by its index; the list applies only when all are good.
      const bad = v.flatMap((p, i) => (typeof p === 'string' && p.startsWith('/') ? [] : [i]));
      for (const i of bad) problem(`repairAllow[${i}]`, `expected an absolute directory path, found ${describe(v[i])}`);
      if (bad.length === 0) config.repairAllow = v as string[];
    }
  }
  if ('hooks' in obj) {
    const hooks = obj.hooks;
    if (hooks === null || typeof hooks !== 'object' || Array.isArray(hooks)) {
      problem('hooks', `expected an object with "preExec" and/or "postExit", found ${describe(hooks)}`);
    } else {
      config.hooks = {};
      for (const [phase, list] of Object.entries(hooks as Record<string, unknown>)) {
        if (phase !== 'preExec' && phase !== 'postExit') {
          problem(`hooks.${phase}`, 'unknown hook phase (known: preExec, postExit)');
          continue;
        }
        config.hooks[phase] = validateHookList(list, `hooks.${phase}`, problem);
      }
    }
  }
  return { config, problems };
}

const HOOK_KEYS = new Set(['run', 'name', 'required', 'timeoutMs']);

// setTimeout's limit: a longer delay fires at once (Node clamps it to 1 ms).
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

function validateHookList(
  list: unknown,
  key: string,
  problem: (key: string, message: string) => void,
): CommandHookConfig[] {
  const items = Array.isArray(list) ? list : [list];
  const out: CommandHookConfig[] = [];
  items.forEach((item, i) => {
    const at = `${key}[${i}]`;
    if (typeof item === 'string' && item.trim() !== '') {
      out.push({ name: item, run: item, required: false, timeoutMs: 30_000 });
      return;
    }
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      problem(at, `expected a command string or { run, required?, name?, timeoutMs? }, found ${describe(item)}`);
      return;
    }
    const h = item as Record<string, unknown>;
    // A misspelt "required" must not quietly make a policy hook optional.
    for (const key of Object.keys(h)) {
      if (!HOOK_KEYS.has(key)) problem(`${at}.${key}`, `unknown hook setting (known: ${[...HOOK_KEYS].join(', ')})`);
    }
    const run = h.run;
    const runOk =
      (typeof run === 'string' && run.trim() !== '') ||
      (Array.isArray(run) && run.length > 0 && run.every((a) => typeof a === 'string'));
    if (!runOk) {
      problem(`${at}.run`, `expected a command string or a non-empty list of strings, found ${describe(run)}`);
      return;
    }
    if ('required' in h && typeof h.required !== 'boolean') {
      problem(`${at}.required`, `expected true or false, found ${describe(h.required)}`);
      return;
    }
    if ('timeoutMs' in h && !(typeof h.timeoutMs === 'number' && h.timeoutMs > 0 && h.timeoutMs <= MAX_TIMEOUT_MS)) {
      problem(`${at}.timeoutMs`, `expected a positive number of milliseconds up to ${MAX_TIMEOUT_MS}, found ${describe(h.timeoutMs)}`);
      return;
    }
    out.push({
      name: typeof h.name === 'string' ? h.name : Array.isArray(run) ? run.join(' ') : (run as string),
      run: run as string | string[],
      required: h.required === true,
      timeoutMs: typeof h.timeoutMs === 'number' ? h.timeoutMs : 30_000,
    });
  });
  return out;
}

// One layer's settings: only the keys it set, and valid.
export type PartialConfig = Partial2;
