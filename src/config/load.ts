import { realpathSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { readBounded } from '../bounded-read.js';
import { fingerprintKey, fingerprintOfStat } from '../common/fingerprint.js';
import { shimCacheDir } from '../paths.js';
import { currentPlatform } from '../platform.js';
import { openConfigCache, type CachedConfigFile, type ConfigCache } from './cache.js';
import { configFromEnv } from './env.js';
import { findUserConfig, mentionsShim, projectConfigCandidates } from './find.js';
import { buildKey, inputOf, loadName, stateFileKey, TRUST_RECORDS, type LoadInput } from './inputs.js';
import { applyEnv, defaultConfig, mergeConfig } from './merge.js';
import { currentPrincipal, type Principal } from '../common/ownership.js';
import { unsafeConfigFile } from './ownership.js';
import { formatOf, parseConfigText } from './parse.js';
import { SETTINGS, type SettingName, type SettingSpec } from './settings.js';
import { readTrustRecords, trustOf, type TrustRecord } from './trust.js';
import {
  DEFAULT_CONFIG,
  type ConfigFileReport,
  type ConfigNotice,
  type ConfigProblem,
  type LoadedConfig,
  type ShimConfig,
  type TrustState,
} from './types.js';
import { validateConfig, type FileScope, type PartialConfig } from './validate.js';

// The most a config file may hold. A pyproject.toml with a long lock-like
// table is still far below; /dev/zero or a crafted file is far above.
export const CONFIG_FILE_LIMIT = 4 * 1024 * 1024;

const SPECS = SETTINGS as Record<SettingName, SettingSpec>;

// What one load needs to know besides the file: whose files are safe, where
// the state directory is, and the parsed-config cache in it; and what it
// learnt of the trust records: their version before they were read, and the
// real path it judged each file's trust by.
interface LoadContext {
  reader: Principal | undefined;
  stateDir: string;
  cache: ConfigCache;
  trustRecords?: Record<string, TrustRecord>;
  trustAsked?: { records: string; real: Record<string, string> };
}

function openContext(env: NodeJS.ProcessEnv): LoadContext {
  const reader = currentPrincipal();
  const stateDir = shimCacheDir(env, currentPlatform(env));
  return { reader, stateDir, cache: openConfigCache(stateDir, reader) };
}

// One version of a file: from the cache when its fingerprint is known,
// else read (bounded, regular files only: src/bounded-read.ts), hashed and
// parsed, and cached when the opened file's fingerprint was the same before
// and after the read (a file being written is parsed again next time, and
// its fingerprint is given as '': no version can be named for it). A
// pyproject.toml whose text cannot hold [tool.uv-shim] has none without a
// parser (src/config/find.ts).
async function contentsOf(path: string, ctx: LoadContext): Promise<CachedConfigFile | { failure: string }> {
  try {
    const cached = ctx.cache.get(path, fingerprintKey(fingerprintOfStat(statSync(path, { bigint: true }))));
    if (cached) return cached;
  } catch {
    // Gone or unreadable: the read below says which.
  }
  const read = readBounded(path, CONFIG_FILE_LIMIT, { follow: true });
  if (!read.ok) {
    switch (read.kind) {
      case 'not-regular':
        return { failure: `${read.detail}; not read` };
      case 'too-large':
        return { failure: `is larger than the ${CONFIG_FILE_LIMIT} bytes a config file may have; not read` };
      default:
        return { failure: read.detail };
    }
  }
  // node:crypto costs a few ms to load: only here, once per change of a file.
  const { createHash } = await import('node:crypto');
  const sha256 = createHash('sha256').update(read.bytes).digest('hex');
  const format = formatOf(path);
  const entry: CachedConfigFile = {
    fingerprint: fingerprintKey(fingerprintOfStat(read.stat)),
    sha256,
    ...(format === 'javascript'
      ? {}
      : format === 'pyproject' && !mentionsShim(read.bytes)
        ? { parsed: { ok: true, value: undefined } }
        : { parsed: await parseConfigText(format, read.bytes.toString('utf8')) }),
  };
  if (!read.stable) return { ...entry, fingerprint: '' };
  ctx.cache.set(path, entry);
  return entry;
}

// A JavaScript config file's settings: its default export (or its exports).
async function runJavaScript(path: string): Promise<unknown> {
  const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  return 'default' in mod ? mod.default : mod;
}

// What one file gave: its settings (or none), its problems, and its report.
interface FileResult {
  report: ConfigFileReport;
  config?: PartialConfig;
  problems: ConfigProblem[];
  notice?: ConfigNotice;
  // A pyproject.toml without [tool.uv-shim]: not a config file at all.
  absent?: boolean;
  // What the next run may take without looking again, as long as the file
  // is `input` (src/config/inputs.ts): the file as it was before it was
  // judged, a regular file, read whole in that very version (or not read
  // at all), and no JavaScript (run on every load). Absent: not so.
  input?: LoadInput;
}

async function loadFile(path: string, scope: FileScope, trustAll: boolean, ctx: LoadContext): Promise<FileResult> {
  const input = inputOf(path);
  const result = await judgeFile(path, scope, trustAll, ctx, input?.fingerprint);
  return input && result.reusable ? { ...result, input } : result;
}

// One file's result, and whether it came from the version `fingerprint`
// names and nothing else (`reusable`).
async function judgeFile(
  path: string,
  scope: FileScope,
  trustAll: boolean,
  ctx: LoadContext,
  fingerprint: string | undefined,
): Promise<FileResult & { reusable: boolean }> {
  const format = formatOf(path);
  const report: ConfigFileReport = { path, scope, status: 'read', trust: scope === 'user' ? 'user' : 'untrusted', skipped: [] };
  const unsafe = unsafeConfigFile(path, ctx.reader);
  if (unsafe) {
    // Every project has a pyproject.toml: one that someone else owns is
    // worth a message only if it tries to configure the shim. Parsing it
    // takes nothing from it.
    if (format === 'pyproject') {
      const contents = await contentsOf(path, ctx);
      if ('failure' in contents) return { report, problems: [], absent: true, reusable: false };
      if (contents.parsed?.ok && contents.parsed.value === undefined) {
        return { report, problems: [], absent: true, reusable: contents.fingerprint === fingerprint };
      }
    }
    report.status = 'refused';
    report.refused = unsafe;
    return { report, problems: [], notice: { kind: 'refused', file: path, reason: unsafe }, reusable: true };
  }

  const contents = await contentsOf(path, ctx);
  if ('failure' in contents) {
    report.status = 'unreadable';
    return { report, problems: [{ file: path, key: '(file)', message: contents.failure }], reusable: false };
  }
  return { ...(await settingsOf(path, scope, trustAll, ctx, contents, report)), reusable: format !== 'javascript' && contents.fingerprint === fingerprint };
}

// The settings of a file that was read: parsed (or run, for JavaScript),
// validated, and held back where they wait for trust.
async function settingsOf(
  path: string,
  scope: FileScope,
  trustAll: boolean,
  ctx: LoadContext,
  contents: CachedConfigFile,
  report: ConfigFileReport,
): Promise<FileResult> {
  const format = formatOf(path);
  if (contents.parsed && !contents.parsed.ok) {
    const { syntax, reason, line, column } = contents.parsed.error;
    report.status = 'unreadable';
    return { report, problems: [{ file: path, key: '(file)', message: `is not valid ${syntax}: ${reason}`, line, column }] };
  }
  if (format === 'pyproject' && contents.parsed?.ok && contents.parsed.value === undefined) {
    return { report, problems: [], absent: true };
  }

  // Trust is looked up only where it decides something: a JavaScript file,
  // or a data file with settings that wait for it.
  const decideTrust = () => {
    if (scope === 'project') report.trust = trustAll ? 'trusted-by-setting' : projectTrust(path, contents.sha256, ctx);
    return report.trust !== 'untrusted' && report.trust !== 'changed';
  };

  let raw: unknown;
  if (format === 'javascript') {
    if (!decideTrust()) {
      report.skipped = ['the whole file'];
      return { report, problems: [], notice: { kind: 'untrusted', file: path, skipped: report.skipped, javascript: true, changed: report.trust === 'changed' } };
    }
    try {
      raw = await runJavaScript(path);
    } catch (error) {
      report.status = 'unreadable';
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      return { report, problems: [{ file: path, key: '(file)', message: `could not be run: ${reason}` }] };
    }
  } else {
    raw = contents.parsed?.ok ? contents.parsed.value : undefined;
  }

  const checked = validateConfig(raw, path, scope);
  if (scope === 'project' && format !== 'javascript') {
    if (hasGated(checked.config)) {
      if (!decideTrust()) report.skipped = withhold(checked.config);
    } else {
      report.trust = 'not-needed';
    }
  }
  const notice: ConfigNotice | undefined = report.skipped.length
    ? { kind: 'untrusted', file: path, skipped: report.skipped, javascript: false, changed: report.trust === 'changed' }
    : undefined;
  return { report, config: checked.config, problems: checked.problems, notice };
}

// Trust of a project file by its real path and the hash of its contents.
// The records' version is taken before they are read, the real path once
// for both the decision and the record of what it depended on.
function projectTrust(path: string, sha256: string, ctx: LoadContext): TrustState {
  if (!ctx.reader) return 'untrusted';
  if (!ctx.trustRecords) {
    ctx.trustAsked = { records: stateFileKey(ctx.stateDir, TRUST_RECORDS), real: {} };
    ctx.trustRecords = readTrustRecords(ctx.stateDir, ctx.reader);
  }
  let real = '';
  try {
    real = realpathSync.native(path);
  } catch {
    // Unresolvable: untrusted, and recorded as ''.
  }
  ctx.trustAsked!.real[path] = real;
  return real ? trustOf(ctx.trustRecords, real, sha256) : 'untrusted';
}

// Whether a project file sets anything that waits for trust.
function hasGated(config: PartialConfig): boolean {
  return Object.keys(config).some((name) => SPECS[name as SettingName].project === 'trusted');
}

// Takes out of an untrusted project file's settings those that run code or
// write files (project: 'trusted' in settings.ts); returns their names.
function withhold(config: PartialConfig): string[] {
  const skipped: string[] = [];
  const settings = config as Record<string, unknown>;
  for (const name of Object.keys(settings) as SettingName[]) {
    if (SPECS[name].project !== 'trusted') continue;
    if (name === 'hooks') {
      const hooks = settings.hooks as Record<string, unknown[]>;
      for (const phase of Object.keys(hooks)) if (hooks[phase]!.length > 0) skipped.push(`hooks.${phase}`);
    } else {
      skipped.push(name);
    }
    delete settings[name];
  }
  return skipped;
}

// Defaults, then the user file, then the nearest project file, then UV_SHIM_*
// variables. Problems are collected, never thrown: the caller decides whether
// they are fatal (strict mode) or a warning. Files someone else could have
// written are never read; code-running settings of a project file apply only
// once it is trusted (see README.md, Configuration).
export async function loadConfig(cwd: string, env: NodeJS.ProcessEnv): Promise<LoadedConfig> {
  const ctx = openContext(env);
  let config: ShimConfig = defaultConfig(DEFAULT_CONFIG);
  const layer: LoadedConfig = { config, files: [], problems: [], notices: [], reports: [] };
  const fromEnv = configFromEnv(env);
  // The files looked at, in order, while each can be reused (see FileResult).
  const inputs: LoadInput[] = [];
  let reusable = true;
  const take = (result: FileResult) => {
    if (result.input) inputs.push(result.input);
    else reusable = false;
    if (result.absent) return false;
    layer.reports.push(result.report);
    layer.problems.push(...result.problems);
    if (result.notice) layer.notices.push(result.notice);
    if (result.config) {
      layer.files.push(result.report.path);
      config = mergeConfig(config, result.config);
    }
    return result.report.status !== 'refused';
  };

  const userFile = findUserConfig(env);
  if (userFile) take(await loadFile(userFile, 'user', false, ctx));
  const trustAll = fromEnv.config.trustProjectConfig ?? config.trustProjectConfig;
  let nearest: string | undefined;
  let complete = true;
  for (const candidate of projectConfigCandidates(cwd)) {
    nearest ??= candidate;
    // The nearest file that applies wins; a refused one is passed over.
    if (take(await loadFile(candidate, 'project', trustAll, ctx))) {
      complete = false;
      break;
    }
  }
  layer.config = config;
  if (reusable && inputs.length > 0 && ctx.reader) {
    ctx.cache.setLoad(loadName(userFile, nearest), {
      build: buildKey(),
      uid: ctx.reader.uid,
      gid: ctx.reader.gid,
      trustEnv: String(fromEnv.config.trustProjectConfig),
      inputs,
      complete,
      ...(ctx.trustAsked ? { trust: ctx.trustAsked } : {}),
      layer,
    });
  }
  await ctx.cache.save();
  return applyEnv(layer, fromEnv);
}

// The project file that applies in `dir` (the nearest one, a pyproject.toml
// only with a [tool.uv-shim] table), whether or not it is safe to read.
export async function nearestProjectFile(dir: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const ctx = openContext(env);
  try {
    for (const candidate of projectConfigCandidates(dir)) {
      if (formatOf(candidate) !== 'pyproject') return candidate;
      const contents = await contentsOf(candidate, ctx);
      if (!('failure' in contents) && !(contents.parsed?.ok && contents.parsed.value === undefined)) return candidate;
    }
    return undefined;
  } finally {
    await ctx.cache.save();
  }
}

// One file's contents as the loader sees them (hash and parse), for `uv-shim
// trust`, which records that very hash.
export async function configFileContents(path: string, env: NodeJS.ProcessEnv): Promise<CachedConfigFile | { failure: string }> {
  const ctx = openContext(env);
  const contents = await contentsOf(path, ctx);
  await ctx.cache.save();
  return contents;
}
