import { SETTINGS, type CommandHookConfig, type HookLists, type SettingName, type SettingSpec, type ShimConfig } from './settings.js';
import type { ConfigProblem } from './types.js';

// One layer's settings: only the keys it set, and valid.
export type PartialConfig = Partial<Omit<ShimConfig, 'hooks'>> & { hooks?: Partial<HookLists> };

// Where a file sits: the user's own config, or a project's.
export type FileScope = 'user' | 'project';

const SPECS = SETTINGS as Record<SettingName, SettingSpec>;
const FILE_KEYS = (Object.keys(SPECS) as SettingName[]).filter((k) => SPECS[k].user || SPECS[k].project !== 'no');

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

// A choice's value in its canonical spelling, or undefined.
export function parseChoice(spec: Extract<SettingSpec['type'], { kind: 'choice' }>, text: string): string | undefined {
  if (spec.parse) return spec.parse(text);
  const lower = text.toLowerCase();
  return spec.values.find((v) => v.toLowerCase() === lower);
}

// Checks one config file's contents against the declaration in settings.ts.
// Every problem names the file and the key; valid keys are kept even when
// others are broken, so one typo does not throw away the rest of the user's
// settings. A key a file of this scope may not set is a problem too.
export function validateConfig(
  raw: unknown,
  file: string,
  scope: FileScope = 'project',
): { config: PartialConfig; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const config: Record<string, unknown> = {};
  const problem = (key: string, message: string) => problems.push({ file, key, message });

  if (raw === null || raw === undefined) return { config, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problem('(root)', `expected a table/object of settings, found ${describe(raw)}`);
    return { config, problems };
  }
  const obj = raw as Record<string, unknown>;

  for (const key of Object.keys(obj)) {
    const spec = Object.hasOwn(SPECS, key) ? SPECS[key as SettingName] : undefined;
    if (!spec || !(spec.user || spec.project !== 'no')) {
      const onlyEnv = spec?.env ? ` (${key} is set only by ${spec.env})` : '';
      problem(key, `unknown setting${onlyEnv} (known: ${FILE_KEYS.join(', ')})`);
      continue;
    }
    if (scope === 'project' && spec.project === 'no') {
      problem(key, 'is read from your user config only, never from a project file (a cloned repository must not set it)');
      continue;
    }
    if (scope === 'user' && !spec.user) {
      problem(key, `is not read from a config file${spec.env ? ` (set ${spec.env})` : ''}`);
      continue;
    }
    const value = checkValue(spec.type, obj[key], key, problem);
    if (value !== undefined) config[key] = value;
  }
  return { config: config as PartialConfig, problems };
}

function checkValue(
  type: SettingSpec['type'],
  v: unknown,
  key: string,
  problem: (key: string, message: string) => void,
): unknown {
  switch (type.kind) {
    case 'boolean':
      if (typeof v === 'boolean') return v;
      return problem(key, `expected true or false, found ${describe(v)}`);
    case 'choice': {
      const value = typeof v === 'string' ? parseChoice(type, v) : undefined;
      if (value !== undefined) return value;
      return problem(key, `expected one of ${type.values.map((a) => JSON.stringify(a)).join(', ')}, found ${describe(v)}`);
    }
    case 'path':
      if (typeof v === 'string' && v !== '') return v;
      return problem(key, `expected a file path, found ${describe(v)}`);
    case 'count':
      if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
      return problem(key, `expected a whole number ≥ 0, found ${describe(v)}`);
    case 'absolute-paths': {
      if (!Array.isArray(v)) return problem(key, `expected a list of absolute directory paths, found ${describe(v)}`);
      // Each bad entry by its index; the list applies only when all are good.
      const bad = v.flatMap((p, i) => (typeof p === 'string' && p.startsWith('/') ? [] : [i]));
      for (const i of bad) problem(`${key}[${i}]`, `expected an absolute directory path, found ${describe(v[i])}`);
      return bad.length === 0 ? (v as string[]) : undefined;
    }
    case 'hooks':
      return checkHooks(v, key, problem);
  }
}

function checkHooks(hooks: unknown, key: string, problem: (key: string, message: string) => void): Partial<HookLists> | undefined {
  if (hooks === null || typeof hooks !== 'object' || Array.isArray(hooks)) {
    problem(key, `expected an object with "preExec" and/or "postExit", found ${describe(hooks)}`);
    return undefined;
  }
  const out: Partial<HookLists> = {};
  for (const [phase, list] of Object.entries(hooks as Record<string, unknown>)) {
    if (phase !== 'preExec' && phase !== 'postExit') {
      problem(`${key}.${phase}`, 'unknown hook phase (known: preExec, postExit)');
      continue;
    }
    out[phase] = validateHookList(list, `${key}.${phase}`, problem);
  }
  return out;
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
