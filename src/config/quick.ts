import { realpathOrNull } from '../common/fs.js';
import { currentPrincipal } from '../common/ownership.js';
import { shimCacheDir } from '../paths.js';
import { currentPlatform } from '../platform.js';
import { openConfigCache, type CachedLoad } from './cache.js';
import { configFromEnv } from './env.js';
import { findUserConfig, projectConfigCandidates } from './find.js';
import { buildKey, inputOf, loadName, stateFileKey, TRUST_RECORDS } from './inputs.js';
import { applyEnv, defaultConfig } from './merge.js';
import { DEFAULT_CONFIG, type LoadedConfig } from './types.js';

// The configuration for one run. With no config file (the everyday case) it
// is the defaults plus UV_SHIM_* variables. With config files that have not
// changed since the last load, it is that load's result, checked against
// the files as they are (src/config/inputs.ts) without importing the
// loader. Otherwise the loader is imported, and it parses only files that
// changed (cache.ts).
export async function loadConfigQuickly(cwd: string, env: NodeJS.ProcessEnv): Promise<LoadedConfig> {
  const fromEnv = configFromEnv(env);
  const user = findUserConfig(env);
  const project = projectConfigCandidates(cwd);
  const nearest = project.next();
  if (user === undefined && nearest.done) {
    return applyEnv({ config: defaultConfig(DEFAULT_CONFIG), files: [], problems: [], notices: [], reports: [] }, fromEnv);
  }
  const found = [...(user === undefined ? [] : [user]), ...(nearest.done ? [] : [nearest.value])];
  const stateDir = shimCacheDir(env, currentPlatform(env));
  const stored = storedLoad(stateDir, loadName(user, nearest.done ? undefined : nearest.value));
  if (stored && stillHolds(stored, found, project, stateDir, String(fromEnv.config.trustProjectConfig))) {
    return applyEnv(stored.layer, fromEnv);
  }
  const { loadConfig } = await import('./load.js');
  return loadConfig(cwd, env);
}

function storedLoad(stateDir: string, name: string): CachedLoad | undefined {
  const reader = currentPrincipal();
  if (!reader) return undefined;
  const stored = openConfigCache(stateDir, reader).load(name);
  return stored?.uid === reader.uid && stored.gid === reader.gid ? stored : undefined;
}

// Whether the files a stored load looked at are still there, in the same
// order, each the same version in a directory with the same owner and mode;
// with nothing more to find if it looked at every candidate; with the same
// trust records and real paths if it asked them; from this build.
function stillHolds(stored: CachedLoad, found: string[], rest: Iterator<string>, stateDir: string, trustEnv: string): boolean {
  if (stored.build !== buildKey() || stored.trustEnv !== trustEnv) return false;
  let i = 0;
  const next = () => (i < found.length ? found[i++] : rest.next().value);
  for (const input of stored.inputs) {
    if (next() !== input.path) return false;
    const now = inputOf(input.path);
    if (now?.fingerprint !== input.fingerprint || now.dir !== input.dir) return false;
  }
  if (stored.complete && next() !== undefined) return false;
  const trust = stored.trust;
  if (!trust) return true;
  if (stateFileKey(stateDir, TRUST_RECORDS) !== trust.records) return false;
  return Object.entries(trust.real).every(([path, real]) => (realpathOrNull(path) ?? '') === real);
}
