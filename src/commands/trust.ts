import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { describeUnsafe } from '../config/format-problem.js';
import { configFileContents, nearestProjectFile } from '../config/load.js';
import { currentReader, unsafeConfigFile } from '../config/ownership.js';
import { formatOf } from '../config/parse.js';
import { SETTINGS, type SettingName } from '../config/settings.js';
import { setTrust } from '../config/trust.js';
import { validateConfig } from '../config/validate.js';
import { shimCacheDir, userConfigDir } from '../paths.js';
import { currentPlatform } from '../platform.js';
import type { ParsedArgs } from './spec.js';

type Verb = 'trust' | 'untrust';

function fail(verb: Verb, message: string, code = 1): number {
  process.stderr.write(`uv-shim ${verb}: error: ${message}\n`);
  return code;
}

// The file PATH names: a file as given; a directory (or none: the current
// one) the project file that applies there.
async function target(verb: Verb, path: string | undefined, env: NodeJS.ProcessEnv): Promise<string | number> {
  const given = resolve(path ?? '.');
  let isDirectory = false;
  try {
    isDirectory = statSync(given).isDirectory();
  } catch {
    // A file that is gone can still be untrusted by its name.
    if (verb === 'untrust' && path !== undefined) return given;
    return fail(verb, `${given} does not exist.`);
  }
  if (!isDirectory) return given;
  const found = await nearestProjectFile(given, env);
  return found ?? fail(verb, `no project config file applies in ${given} (looked there and in its parents).`);
}

// The real path trust is recorded under; for a file that is gone, its name
// in the real path of its directory.
function realPathOf(file: string): string {
  try {
    return realpathSync.native(file);
  } catch {
    try {
      return join(realpathSync.native(dirname(file)), basename(file));
    } catch {
      return file;
    }
  }
}

// The settings of a project file that wait for trust, one line each (a
// hook by its command), so the user sees what they are agreeing to.
function gatedSettings(file: string, value: unknown): string[] {
  const { config } = validateConfig(value, file, 'project');
  const lines: string[] = [];
  for (const name of Object.keys(config) as SettingName[]) {
    if (SETTINGS[name].project !== 'trusted') continue;
    if (name === 'hooks') {
      for (const [phase, hooks] of Object.entries(config.hooks ?? {})) {
        for (const h of hooks) lines.push(`  hooks.${phase}: ${typeof h.run === 'string' ? h.run : JSON.stringify(h.run)}`);
      }
    } else {
      lines.push(`  ${name}: ${JSON.stringify((config as Record<string, unknown>)[name])}`);
    }
  }
  return lines;
}

// `uv-shim trust [PATH]`: records the real path and the SHA-256 of a project
// config file, so that its hooks, explainFile and (for a JavaScript file)
// its code apply. Changing the file untrusts it again.
export async function run(args: ParsedArgs, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const file = await target('trust', args.positionals[0], env);
  if (typeof file === 'number') return file;
  const userDir = userConfigDir(env);
  if (userDir !== undefined && dirname(file) === userDir) {
    process.stdout.write(`${file} is your user config: it is always trusted.\n`);
    return 0;
  }
  const reader = currentReader();
  if (!reader) return fail('trust', 'this platform has no user ids; trust does not apply.');
  const unsafe = unsafeConfigFile(file, reader);
  if (unsafe) return fail('trust', `${file} is never read: ${describeUnsafe(unsafe)}.`);
  const contents = await configFileContents(file, env);
  if ('failure' in contents) return fail('trust', `${file} ${contents.failure}.`);
  if (contents.parsed && !contents.parsed.ok) {
    return fail('trust', `${file} is not valid ${contents.parsed.error.syntax}: ${contents.parsed.error.reason}; fix it first.`);
  }
  const unwritable = await setTrust(shimCacheDir(env, currentPlatform(env)), reader, realPathOf(file), contents.sha256);
  if (unwritable) return fail('trust', `could not write the trust record: ${unwritable}.`);
  const what =
    formatOf(file) === 'javascript'
      ? ['  (JavaScript: the file runs in the shim on every uv call there)']
      : gatedSettings(file, contents.parsed?.ok ? contents.parsed.value : undefined);
  process.stdout.write(
    [
      `trusted ${file} (sha256 ${contents.sha256.slice(0, 16)}…)${what.length ? '; now applied:' : ''}`,
      ...what,
      'Any change to the file untrusts it until you trust it again.',
      '',
    ].join('\n'),
  );
  return 0;
}

// `uv-shim untrust [PATH]`: forgets the trust of a project config file.
export async function runUntrust(args: ParsedArgs, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const file = await target('untrust', args.positionals[0], env);
  if (typeof file === 'number') return file;
  const reader = currentReader();
  if (!reader) return fail('untrust', 'this platform has no user ids; trust does not apply.');
  const unwritable = await setTrust(shimCacheDir(env, currentPlatform(env)), reader, realPathOf(file), undefined);
  if (unwritable) return fail('untrust', `could not write the trust record: ${unwritable}.`);
  process.stdout.write(`untrusted ${file}: its hooks and explainFile no longer apply${formatOf(file) === 'javascript' ? ', and it no longer runs' : ''}.\n`);
  return 0;
}
