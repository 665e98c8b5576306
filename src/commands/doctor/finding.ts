import type { LoadedConfig } from '../../config/types.js';
import type { Platform } from '../../platform.js';

// One thing doctor found: how much it matters, a sentence for people, and
// the same fact as values for `doctor --json` (paths, versions, settings).
export interface Finding {
  level: 'info' | 'warning';
  text: string;
  data?: Record<string, unknown>;
  // Shown indented under the finding before it (a list's items).
  nested?: boolean;
}

// What every section gets: the environment, and the configuration loaded
// once for the whole doctor run.
export interface DoctorContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  platform: Platform;
  loaded: LoadedConfig;
}

// What a section's module exports.
export interface DoctorSectionModule {
  findings(ctx: DoctorContext): Promise<Finding[]> | Finding[];
}

export function info(text: string, data?: Record<string, unknown>): Finding {
  return data ? { level: 'info', text, data } : { level: 'info', text };
}

export function warning(text: string, data?: Record<string, unknown>): Finding {
  return data ? { level: 'warning', text, data } : { level: 'warning', text };
}

// An item of the list the finding before it introduces.
export function item(text: string, data?: Record<string, unknown>): Finding {
  return { ...info(text, data), nested: true };
}
