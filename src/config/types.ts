import type { LogLevel } from '../log.js';

// The values a few settings take (see README.md, Configuration).
export type RepairPolicy = 'auto' | 'prompt' | 'off';
export type LinkModeSetting = 'uv-default' | 'hardlink';
export type ExplainFormat = 'text' | 'json';

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

// Every setting, after defaults, files and UV_SHIM_* have been merged.
export interface ShimConfig {
  strict: boolean;
  log: LogLevel;
  guard: boolean;
  repair: RepairPolicy;
  // Trees outside uv's managed Python dir where `repair: auto` may re-sign.
  repairAllow: string[];
  retry: boolean;
  explain: ExplainFormat;
  explainFile: string | undefined;
  linkMode: LinkModeSetting;
  // How many new, unshared native libraries make the shim warn after a sync.
  newLibraryThreshold: number;
  // Mach-O magic check for the new-library count; tests on Linux turn it off.
  newLibraryMachOOnly: boolean;
  hooks: { preExec: CommandHookConfig[]; postExit: CommandHookConfig[] };
}

// Where a setting came from, for `uv-shim doctor` and error messages.
export interface ConfigSource {
  kind: 'project' | 'user' | 'env' | 'default';
  file?: string;
}

// One bad setting: where (file or "environment"), which key, what is wrong.
export interface ConfigProblem {
  file: string;
  key: string;
  message: string;
}

// The merged settings, the files they came from, and what was wrong.
export interface LoadedConfig {
  config: ShimConfig;
  files: string[];
  problems: ConfigProblem[];
}

// Frozen: callers copy it (defaultConfig) before changing anything.
export const DEFAULT_CONFIG: Readonly<ShimConfig> = Object.freeze({
  strict: false,
  log: 'warn',
  guard: true,
  repair: 'auto',
  repairAllow: [],
  retry: true,
  explain: 'text',
  explainFile: undefined,
  linkMode: 'uv-default',
  newLibraryThreshold: 20,
  newLibraryMachOOnly: true,
  hooks: { preExec: [], postExit: [] },
});
