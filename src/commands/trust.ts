import { realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { configFileContents, nearestProjectFile } from '../config/load.js';
import { currentPrincipal } from '../common/ownership.js';
import { unsafeConfigFile } from '../config/ownership.js';
import { formatOf } from '../config/parse.js';
import { SETTINGS, type SettingName } from '../config/settings.js';
import { setTrust } from '../config/trust.js';
import { validateConfig } from '../config/validate.js';
import { ShimError, type TrustProblem } from '../errors.js';
import { shimCacheDir, userConfigDir } from '../paths.js';
import { currentPlatform } from '../platform.js';
import type { ParsedArgs } from './spec.js';

type Verb = 'trust' | 'untrust';

// Stops the command: src/failure-text.ts words the problem, bin/uv-shim.ts says it.
function fail(command: Verb, problem: TrustProblem): never {
  throw new ShimError({ kind: 'trust-failed', command, problem });
}

// The file PATH names: a file as given; a directory (or none: the current
// one) the project file that applies there.
async function target(verb: Verb, path: string | undefined, env: NodeJS.ProcessEnv): Promise<string> {
  const given = resolve(path ?? '.');
  let isDirectory = false;
  try {
    isDirectory = statSync(given).isDirectory();
  } catch {
    // A file that is gone can still be untrusted by its name.
    if (verb === 'untrust' && path !== undefined) return given;
    return fail(verb, { kind: 'no-such-path', path: given });
  }
  if (!isDirectory) return given;
  const found = await nearestProjectFile(given, env);
  return found ?? fail(verb, { kind: 'no-project-file', dir: given });
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
  const userDir = userConfigDir(env);
  if (userDir !== undefined && dirname(file) === userDir) {
    process.stdout.write(`${file} is your user config: it is always trusted.\n`);
    return 0;
  }
  const reader = currentPrincipal();
  if (!reader) fail('trust', { kind: 'no-user-ids' });
  const unsafe = unsafeConfigFile(file, reader);
  if (unsafe) fail('trust', { kind: 'never-read', file, reason: unsafe });
  const contents = await configFileContents(file, env);
  if ('failure' in contents) fail('trust', { kind: 'unreadable', file, detail: contents.failure });
  if (contents.parsed && !contents.parsed.ok) {
    fail('trust', { kind: 'invalid', file, syntax: contents.parsed.error.syntax, reason: contents.parsed.error.reason });
  }
  const unwritable = await setTrust(shimCacheDir(env, currentPlatform(env)), reader, realPathOf(file), contents.sha256);
  if (unwritable) fail('trust', { kind: 'record-unwritable', reason: unwritable });
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
  const reader = currentPrincipal();
  if (!reader) fail('untrust', { kind: 'no-user-ids' });
  const unwritable = await setTrust(shimCacheDir(env, currentPlatform(env)), reader, realPathOf(file), undefined);
  if (unwritable) fail('untrust', { kind: 'record-unwritable', reason: unwritable });
  process.stdout.write(`untrusted ${file}: its hooks and explainFile no longer apply${formatOf(file) === 'javascript' ? ', and it no longer runs' : ''}.\n`);
  return 0;
}
