import type { Principal } from '../common/ownership.js';
import type { Parsed } from './parse.js';
import { join } from 'node:path';
import { readStateFile, replaceStateFile } from '../state-file.js';

// What the shim keeps of one version of a config file: its fingerprint
// (src/bounded-read.ts), the SHA-256 of its bytes (what `uv-shim trust` records)
// and, for a data file, what it parsed to. A JavaScript file is run on every
// load, so only its hash is kept.
export interface CachedConfigFile {
  fingerprint: string;
  sha256: string;
  parsed?: Parsed;
}

const NAME = 'config-cache.json';
const LIMIT = 1024 * 1024;
// The most files remembered: each project directory the user runs uv in
// has one (its pyproject.toml); the oldest are forgotten first.
const MAX_ENTRIES = 200;

interface Stored extends CachedConfigFile {
  storedAt: number;
}

// The parsed-config cache in the shim's state directory: files are parsed
// once per change, so the TOML and YAML parsers load only when a file
// changed. A cache that cannot be read or written costs a parse, nothing
// more.
export interface ConfigCache {
  get(path: string, fingerprint: string): CachedConfigFile | undefined;
  set(path: string, entry: CachedConfigFile): void;
  // Writes the cache back if anything was set; a failure costs a parse
  // next time, nothing more.
  save(): Promise<void>;
}

export function openConfigCache(dir: string | undefined, reader: Principal | undefined): ConfigCache {
  let entries: Record<string, Stored> = {};
  if (dir && reader) {
    try {
      const text = readStateFile(dir, NAME, LIMIT, reader);
      const doc = text === undefined ? undefined : (JSON.parse(text) as { version?: number; entries?: Record<string, Stored> });
      if (doc?.version === 1 && doc.entries && typeof doc.entries === 'object') entries = doc.entries;
    } catch {
      // Unparseable: start afresh.
    }
  }
  let dirty = false;
  return {
    get(path, fingerprint) {
      const entry = Object.hasOwn(entries, path) ? entries[path] : undefined;
      return entry?.fingerprint === fingerprint && typeof entry.sha256 === 'string' ? entry : undefined;
    },
    set(path, entry) {
      entries[path] = { ...entry, storedAt: Date.now() };
      dirty = true;
    },
    async save() {
      if (!dirty || !dir || !reader) return;
      dirty = false;
      const kept = Object.entries(entries)
        .sort(([, a], [, b]) => b.storedAt - a.storedAt)
        .slice(0, MAX_ENTRIES);
      try {
        replaceStateFile(dir, join(dir, NAME), JSON.stringify({ version: 1, entries: Object.fromEntries(kept) }));
      } catch {
        // Unwritable state directory (src/state-file.ts says why elsewhere).
      }
    },
  };
}
