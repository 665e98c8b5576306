import type { Principal } from '../common/ownership.js';
import type { Parsed } from './parse.js';
import { join } from 'node:path';
import { readStateFile } from '../state-read.js';
import type { LoadInput } from './inputs.js';
import type { LoadedConfig } from './types.js';

// What the shim keeps of one version of a config file: its fingerprint
// (src/common/fingerprint.ts), the SHA-256 of its bytes (what `uv-shim
// trust` records) and, for a data file, what it parsed to. A JavaScript
// file is run on every load, so only its hash is kept.
export interface CachedConfigFile {
  fingerprint: string;
  sha256: string;
  parsed?: Parsed;
}

// What one load of the config files gave before UV_SHIM_* variables were
// applied, and everything it depended on (src/config/inputs.ts): the files
// it looked at in order, whether it looked at every candidate up to / or
// stopped at the file that applied, the trust records and the real paths
// it judged trust by, the value of UV_SHIM_TRUST_PROJECT_CONFIG, the user
// and the build.
export interface CachedLoad {
  build: string;
  uid: number;
  gid: number;
  trustEnv: string;
  inputs: LoadInput[];
  complete: boolean;
  trust?: { records: string; real: Record<string, string> };
  layer: LoadedConfig;
}

export const CONFIG_CACHE = 'config-cache.json';
const LIMIT = 1024 * 1024;
// The most files remembered: each project directory the user runs uv in
// may have one; the oldest are forgotten first.
const MAX_ENTRIES = 200;
// The most loads remembered: one per user file and nearest project file.
const MAX_LOADS = 100;

type Stored<T> = T & { storedAt: number };

// The parsed-config cache in the shim's state directory: files are parsed
// once per change, so the TOML and YAML parsers load only when a file
// changed; and whole loads, so that a run whose files did not change loads
// no loader at all. A cache that cannot be read or written costs a parse,
// nothing more.
export interface ConfigCache {
  get(path: string, fingerprint: string): CachedConfigFile | undefined;
  set(path: string, entry: CachedConfigFile): void;
  // The load stored under `name` (the user file and the nearest project
  // candidate), for the caller to check against the files as they are.
  load(name: string): CachedLoad | undefined;
  setLoad(name: string, load: CachedLoad): void;
  // The files whose parse is kept, for `uv-shim cache`.
  files(): string[];
  // Writes the cache back if anything was set; a failure costs a parse
  // next time, nothing more.
  save(): Promise<void>;
}

function table<T>(value: unknown): Record<string, Stored<T>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, Stored<T>>) : {};
}

// Newest first, at most `max`.
function newest<T>(entries: Record<string, Stored<T>>, max: number): Record<string, Stored<T>> {
  return Object.fromEntries(
    Object.entries(entries)
      .sort(([, a], [, b]) => b.storedAt - a.storedAt)
      .slice(0, max),
  );
}

export function openConfigCache(dir: string | undefined, reader: Principal | undefined): ConfigCache {
  let files: Record<string, Stored<CachedConfigFile>> = {};
  let loads: Record<string, Stored<CachedLoad>> = {};
  if (dir && reader) {
    try {
      const text = readStateFile(dir, CONFIG_CACHE, LIMIT, reader);
      const doc = text === undefined ? undefined : (JSON.parse(text) as { version?: number; files?: unknown; loads?: unknown });
      if (doc?.version === 2) {
        files = table(doc.files);
        loads = table(doc.loads);
      }
    } catch {
      // Unparseable: start afresh.
    }
  }
  let dirty = false;
  return {
    get(path, fingerprint) {
      const entry = Object.hasOwn(files, path) ? files[path] : undefined;
      return entry?.fingerprint === fingerprint && typeof entry.sha256 === 'string' ? entry : undefined;
    },
    set(path, entry) {
      files[path] = { ...entry, storedAt: Date.now() };
      dirty = true;
    },
    load(name) {
      const entry = Object.hasOwn(loads, name) ? loads[name] : undefined;
      return entry !== undefined && Array.isArray(entry.inputs) && entry.layer !== null && typeof entry.layer === 'object' ? entry : undefined;
    },
    setLoad(name, load) {
      loads[name] = { ...load, storedAt: Date.now() };
      dirty = true;
    },
    files: () => Object.keys(files),
    async save() {
      if (!dirty || !dir || !reader) return;
      dirty = false;
      try {
        const { replaceStateFile } = await import('../state-file.js');
        const doc = { version: 2, files: newest(files, MAX_ENTRIES), loads: newest(loads, MAX_LOADS) };
        replaceStateFile(dir, join(dir, CONFIG_CACHE), JSON.stringify(doc));
      } catch {
        // Unwritable state directory (src/state-file.ts says why elsewhere).
      }
    },
  };
}
