import { parseLogLevel } from '../log.js';

// A user hook: a command run before uv starts or after it exits.
export interface CommandHookConfig {
  name: string;
  // argv to run; a string is run through /bin/sh -c.
  run: string | string[];
  // A required hook that fails makes the shim exit 124: before uv starts
  // (pre-exec), or in place of uv's status (post-exit). Otherwise a failure
  // is a warning and uv runs anyway.
  required: boolean;
  timeoutMs: number;
}

export interface HookLists {
  preExec: CommandHookConfig[];
  postExit: CommandHookConfig[];
}

// What a setting holds. `choice` values are matched without regard to case;
// `parse` may accept more spellings than `values` (aliases).
export type SettingType =
  | { kind: 'boolean' }
  | { kind: 'choice'; values: readonly string[]; parse?: (text: string) => string | undefined }
  | { kind: 'path' }
  | { kind: 'absolute-paths' }
  | { kind: 'count' }
  | { kind: 'hooks' };

// Where a setting may be set besides its variable. A project file travels
// with a cloned repository: `trusted` settings (those that run code or write
// files) apply from it only once the user has trusted that file (`uv-shim
// trust`), `no` never. The user's own file and the environment are the
// user's, always taken.
export interface SettingSpec {
  type: SettingType;
  default: unknown;
  env?: `UV_SHIM_${string}`;
  user: boolean;
  project: 'yes' | 'trusted' | 'no';
  // One line for the README's reference table (Markdown).
  description: string;
}

const LOG_LEVELS = ['silent', 'warn', 'info', 'debug'] as const;

// THE settings: names, types, defaults, variables, where each may come from.
// The TypeScript types, validation of files, reading of UV_SHIM_* variables
// and the README's settings table (test/config/reference.test.ts) all come
// from here. To add a setting, add an entry; the compiler shows what else
// must know about it.
export const SETTINGS = {
  strict: {
    type: { kind: 'boolean' }, default: false, env: 'UV_SHIM_STRICT', user: true, project: 'yes',
    description: 'config problems and every hook failure are fatal (exit 78 / 124)',
  },
  log: {
    type: { kind: 'choice', values: LOG_LEVELS, parse: parseLogLevel }, default: 'warn', env: 'UV_SHIM_LOG', user: true, project: 'yes',
    description: 'how much the shim says on stderr (`debug` prints each phase and its duration)',
  },
  guard: {
    type: { kind: 'boolean' }, default: true, env: 'UV_SHIM_GUARD', user: true, project: 'yes',
    description: 'check the interpreters a command will use (see Interpreter guard)',
  },
  repair: {
    type: { kind: 'choice', values: ['auto', 'prompt', 'off'] }, default: 'auto', env: 'UV_SHIM_REPAIR', user: true, project: 'yes',
    description: 'what the guard does with an interpreter macOS would kill',
  },
  repairAllow: {
    type: { kind: 'absolute-paths' }, default: [], user: true, project: 'no',
    description: 'trees outside uv\'s Python directory where repairs are allowed (a project file cannot widen what the shim re-signs)',
  },
  retry: {
    type: { kind: 'boolean' }, default: true, env: 'UV_SHIM_RETRY', user: true, project: 'yes',
    description: 'let a post-exit hook run the command once more after a repair',
  },
  explain: {
    type: { kind: 'choice', values: ['text', 'json'] }, default: 'text', env: 'UV_SHIM_EXPLAIN', user: true, project: 'yes',
    description: 'format of the explanation after a SIGKILL / exit 137',
  },
  explainFile: {
    type: { kind: 'path' }, default: undefined, env: 'UV_SHIM_EXPLAIN_FILE', user: true, project: 'trusted',
    description: 'also write the explanation there (relative: to the working directory)',
  },
  linkMode: {
    type: { kind: 'choice', values: ['uv-default', 'hardlink'] }, default: 'uv-default', env: 'UV_SHIM_LINK_MODE', user: true, project: 'yes',
    description: 'see First run after sync',
  },
  newLibraryThreshold: {
    type: { kind: 'count' }, default: 20, user: true, project: 'yes',
    description: 'new native libraries after a sync before the shim warns',
  },
  newLibraryMachOOnly: {
    type: { kind: 'boolean' }, default: true, user: true, project: 'yes',
    description: 'count only Mach-O files (tests on Linux turn it off)',
  },
  timing: {
    type: { kind: 'boolean' }, default: false, env: 'UV_SHIM_TIMING', user: true, project: 'yes',
    description: 'after every run, print uv\'s wall time against its process tree\'s CPU time',
  },
  hooks: {
    type: { kind: 'hooks' }, default: { preExec: [], postExit: [] }, user: true, project: 'trusted',
    description: '`{ preExec, postExit }`: commands run before uv starts and after it exits (see Hooks)',
  },
  trustProjectConfig: {
    type: { kind: 'boolean' }, default: false, env: 'UV_SHIM_TRUST_PROJECT_CONFIG', user: true, project: 'no',
    description: 'trust every project file as if `uv-shim trust` had been run on it (CI images that build only their own code)',
  },
  bypass: {
    type: { kind: 'boolean' }, default: false, env: 'UV_SHIM_BYPASS', user: false, project: 'no',
    description: 'run the real uv with no checks, no hooks and no config',
  },
} as const satisfies Record<string, SettingSpec>;

export type SettingName = keyof typeof SETTINGS;

type ValueOf<T extends SettingType> = T extends { kind: 'boolean' }
  ? boolean
  : T extends { kind: 'choice'; values: readonly (infer V)[] }
    ? V
    : T extends { kind: 'path' }
      ? string | undefined
      : T extends { kind: 'absolute-paths' }
        ? string[]
        : T extends { kind: 'count' }
          ? number
          : HookLists;

// Every setting, after defaults, files and UV_SHIM_* have been merged.
export type ShimConfig = { -readonly [K in SettingName]: ValueOf<(typeof SETTINGS)[K]['type']> };

// Every setting's default. Frozen: callers copy it (defaultConfig) before
// changing anything.
export const DEFAULT_CONFIG: Readonly<ShimConfig> = Object.freeze(
  Object.fromEntries(Object.entries(SETTINGS).map(([name, spec]) => [name, spec.default])) as unknown as ShimConfig,
);

// The one reading of a yes/no variable, shared with the launchers' sh
// (shims/uv reads UV_SHIM_BYPASS before Node starts): 1, true, yes, on and
// 0, false, no, off, in any case, nothing else. An empty value is the same
// as an unset one (the setting keeps its value from files or its default).
export const TRUE_WORDS = ['1', 'true', 'yes', 'on'] as const;
export const FALSE_WORDS = ['0', 'false', 'no', 'off'] as const;

export function parseBoolean(text: string): boolean | undefined {
  const word = text.toLowerCase();
  if ((TRUE_WORDS as readonly string[]).includes(word)) return true;
  if ((FALSE_WORDS as readonly string[]).includes(word)) return false;
  return undefined;
}

// A yes/no variable read on its own, before or without the config: unset,
// empty or not a yes/no word is `false` (the caller that loads the config
// reports a bad value).
export function envFlag(env: NodeJS.ProcessEnv, name: 'bypass' | 'timing' | 'trustProjectConfig'): boolean {
  const text = env[SETTINGS[name].env];
  return text !== undefined && parseBoolean(text) === true;
}
