import type { Distrust } from '../common/ownership.js';
// The configuration's data: the settings (declared in settings.ts), the files
// they came from, what was wrong and what was left out.
export {
  DEFAULT_CONFIG,
  type CommandHookConfig,
  type HookLists,
  type SettingName,
  type ShimConfig,
} from './settings.js';
import type { ShimConfig } from './settings.js';

// The values a few settings take (see README.md, Configuration).
export type RepairPolicy = ShimConfig['repair'];
export type LinkModeSetting = ShimConfig['linkMode'];
export type ExplainFormat = ShimConfig['explain'];

// One bad setting or unreadable file: where (file or "environment"), which
// key ("(file)" for the file as a whole), what is wrong; a parse error also
// has the line and column (1-based) it was found at.
export interface ConfigProblem {
  file: string;
  key: string;
  message: string;
  line?: number;
  column?: number;
}

// Why a config file is not read at all: someone other than the user (or
// root) owns it or its directory, or can write to either.
export type UnsafeReason = Distrust;

// A config file that was found but not (entirely) used. Not a problem with
// the file: never fatal, even under strict.
export type ConfigNotice =
  // Never read: see UnsafeReason.
  | { kind: 'refused'; file: string; reason: UnsafeReason }
  // A project file whose code-running settings wait for `uv-shim trust`.
  // `skipped` names them ("the whole file" for JavaScript); `changed` when it
  // was trusted with other contents.
  | { kind: 'untrusted'; file: string; skipped: string[]; javascript: boolean; changed: boolean };

// How far the shim trusts a config file (see trust.ts).
export type TrustState =
  // The user's own config: always.
  | 'user'
  // A project file trusted by `uv-shim trust` with these very contents.
  | 'trusted'
  // A project file trusted wholesale by trustProjectConfig.
  | 'trusted-by-setting'
  // A project file never trusted, or trusted with other contents.
  | 'untrusted'
  | 'changed'
  // A project file with nothing that waits for trust (not looked up).
  | 'not-needed';

// One config file that applies in a directory, and what became of it.
export interface ConfigFileReport {
  path: string;
  scope: 'user' | 'project';
  // refused: never read (see `refused`); unreadable: not a regular file, too
  // large, or cannot be parsed (see the problems); read: its settings apply
  // (less `skipped`).
  status: 'read' | 'refused' | 'unreadable';
  refused?: UnsafeReason;
  trust: TrustState;
  // The settings in it that were not applied for want of trust.
  skipped: string[];
}

// The merged settings, the files they came from, and what was wrong.
export interface LoadedConfig {
  config: ShimConfig;
  // The files whose settings (some or all) apply, lowest precedence first.
  files: string[];
  problems: ConfigProblem[];
  notices: ConfigNotice[];
  // Every file found, used or not, for `uv-shim doctor`.
  reports: ConfigFileReport[];
}
