import { FALSE_WORDS, parseBoolean, SETTINGS, TRUE_WORDS, type SettingName, type SettingSpec } from './settings.js';
import type { ConfigProblem } from './types.js';
import { parseChoice, type PartialConfig } from './validate.js';

const SPECS = SETTINGS as Record<SettingName, SettingSpec>;

// UV_SHIM_* variables override every file, each read by its type in the
// declaration (settings.ts). An empty value is the same as an unset one. A
// bad value is a problem like a bad file entry: named, and ignored unless
// strict.
export function configFromEnv(env: NodeJS.ProcessEnv): { config: PartialConfig; problems: ConfigProblem[] } {
  const config: Record<string, unknown> = {};
  const problems: ConfigProblem[] = [];
  for (const name of Object.keys(SPECS) as SettingName[]) {
    const { env: variable, type } = SPECS[name];
    const text = variable === undefined ? undefined : env[variable];
    if (variable === undefined || text === undefined || text === '') continue;
    const bad = (expected: string) =>
      problems.push({ file: 'environment', key: variable, message: `expected ${expected}, found ${JSON.stringify(text)}` });
    switch (type.kind) {
      case 'boolean': {
        const value = parseBoolean(text);
        if (value === undefined) bad(`${TRUE_WORDS.join(', ')} or ${FALSE_WORDS.join(', ')}`);
        else config[name] = value;
        break;
      }
      case 'choice': {
        const value = parseChoice(type, text);
        if (value === undefined) bad(`one of ${type.values.join(', ')}`);
        else config[name] = value;
        break;
      }
      case 'path':
        config[name] = text;
        break;
      case 'count': {
        const value = /^\d+$/.test(text) ? Number(text) : NaN;
        if (!Number.isSafeInteger(value)) bad('a whole number ≥ 0');
        else config[name] = value;
        break;
      }
      default:
        // Lists and hooks have no variable (settings.ts declares none).
        break;
    }
  }
  return { config: config as PartialConfig, problems };
}
