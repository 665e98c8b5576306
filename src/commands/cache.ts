import { existsSync, rmSync } from 'node:fs';
import { READ_LIMITS, readBoundedText } from '../bounded-read.js';
import { join, relative } from 'node:path';
import { currentPrincipal } from '../common/ownership.js';
import { CONFIG_CACHE, openConfigCache } from '../config/cache.js';
import { readTrustRecords, setTrust } from '../config/trust.js';
import { countsDir, listCounts, removeCount } from '../first-run/count-store.js';
import { forgetLinkDefaults, linkDefaultsPath, rememberedLinkDefaults } from '../first-run/uv-link-default.js';
import { repairsLogPath } from '../guard/repairs-log.js';
import { forgetVerdicts, readVerdicts, verdictCachePath, writeVerdicts } from '../guard/verdict-cache.js';
import { shimCacheDir } from '../paths.js';
import { currentPlatform, type Platform } from '../platform.js';
import type { ParsedArgs } from './spec.js';

// Where the shim keeps its state, as the running shims see it.
interface Where {
  dir: string;
  env: NodeJS.ProcessEnv;
  platform: Platform;
}

// One kind of state the shim keeps in its cache directory.
interface Store {
  id: string;
  title: string;
  // Where it lives.
  path(where: Where): string;
  // Its entries, each with the file (or environment) it is about.
  entries(where: Where): { about: string }[];
  // Forgets the entries about files that are gone. A store without it is
  // history, kept until `clean`.
  prune?(where: Where, gone: readonly string[]): Promise<void>;
}

interface StoreReport {
  id: string;
  title: string;
  path: string;
  entries: number;
  // Entries about a file or environment that no longer exists.
  gone: string[];
}

// A repairs.log line per attempt (the file it was about, among the rest);
// a torn or hand-edited line is skipped. The log grows forever: only its
// tail is read, as doctor reads it.
function repairLines(file: string): { file: string }[] {
  const text = readBoundedText(file, READ_LIMITS.repairsLogTail, { tail: true });
  if (text === null) return [];
  const out: { file: string }[] = [];
  for (const line of text.split('\n')) {
    try {
      const entry = line.trim() ? (JSON.parse(line) as { file?: unknown }) : null;
      if (typeof entry?.file === 'string') out.push({ file: entry.file });
    } catch {
      // skipped
    }
  }
  return out;
}

// Every store, in the order shown.
const STORES: readonly Store[] = [
  {
    id: 'verdicts',
    title: 'verdicts',
    path: (w) => verdictCachePath(w.env, w.platform),
    entries: (w) => Object.keys(readVerdicts(verdictCachePath(w.env, w.platform))).map((about) => ({ about })),
    async prune(w, gone) {
      const path = verdictCachePath(w.env, w.platform);
      await writeVerdicts(path, {}, gone);
      forgetVerdicts(path);
    },
  },
  {
    id: 'counts',
    title: 'first-run counts',
    path: (w) => countsDir(w.dir),
    entries: (w) => listCounts(w.dir).map((c) => ({ about: c.environment })),
    async prune(w, gone) {
      for (const environment of gone) removeCount(w.dir, environment);
    },
  },
  {
    id: 'uvLinkDefaults',
    title: "uv's link-mode defaults",
    path: (w) => linkDefaultsPath(w.dir),
    entries: (w) => rememberedLinkDefaults(w.dir).map((about) => ({ about })),
    async prune(w, gone) {
      forgetLinkDefaults(w.dir, gone);
    },
  },
  {
    // `uv-shim trust`: one record per trusted project config file.
    id: 'trust',
    title: 'trust records',
    path: (w) => join(w.dir, 'trust.json'),
    entries: (w) => {
      const reader = currentPrincipal();
      return reader ? Object.keys(readTrustRecords(w.dir, reader)).map((about) => ({ about })) : [];
    },
    async prune(w, gone) {
      const reader = currentPrincipal();
      if (!reader) return;
      for (const file of gone) await setTrust(w.dir, reader, file, undefined);
    },
  },
  {
    // Parsed config files by fingerprint: bounded (it drops its oldest), so
    // it is not pruned, only removed by `clean`.
    id: 'configCache',
    title: 'parsed config files',
    path: (w) => join(w.dir, CONFIG_CACHE),
    entries: (w) => openConfigCache(w.dir, currentPrincipal()).files().map((about) => ({ about })),
  },
  {
    // History: pruned never, removed by `clean`.
    id: 'repairs',
    title: 'repairs log',
    path: (w) => repairsLogPath(w.dir),
    entries: (w) => repairLines(repairsLogPath(w.dir)).map((r) => ({ about: r.file })),
  },
];

function report(where: Where): StoreReport[] {
  return STORES.map((store) => {
    const entries = store.entries(where);
    return {
      id: store.id,
      title: store.title,
      path: store.path(where),
      entries: entries.length,
      gone: store.prune ? [...new Set(entries.map((e) => e.about).filter((about) => !existsSync(about)))] : [],
    };
  });
}

function show(dir: string, reports: StoreReport[]): string {
  const lines = [`uv-shim's state in ${dir}:`];
  for (const r of reports) {
    const gone = r.gone.length ? `, ${r.gone.length} about files that are gone` : '';
    lines.push(`  ${r.title}: ${r.entries} entr${r.entries === 1 ? 'y' : 'ies'}${gone} (${relative(dir, r.path) || r.path})`);
  }
  const prunable = reports.reduce((n, r) => n + r.gone.length, 0);
  lines.push(
    prunable
      ? `\`uv-shim cache prune\` forgets the ${prunable} entr${prunable === 1 ? 'y' : 'ies'} about files that are gone; \`uv-shim cache clean\` removes it all.`
      : '`uv-shim cache clean` removes it all.',
  );
  return `${lines.join('\n')}\n`;
}

// `uv-shim cache`: what the shim remembers (verdicts on interpreters, the
// first-run counts per environment, the repairs it made) and where;
// `prune` forgets what is about files that no longer exist, `clean`
// removes every store. Only the shim's own files are touched, never the
// rest of the directory (UV_SHIM_CACHE_DIR may name a shared one).
export async function run({ values, positionals }: ParsedArgs): Promise<number> {
  const json = values.json === true;
  // Absent, prune or clean: the parser refuses any other.
  const action = positionals[0];
  const env = process.env;
  const platform = currentPlatform(env);
  const where: Where = { dir: shimCacheDir(env, platform), env, platform };
  const { dir } = where;
  const before = report(where);
  if (action === undefined) {
    process.stdout.write(json ? `${JSON.stringify({ dir, stores: before }, null, 2)}\n` : show(dir, before));
    return 0;
  }
  if (action === 'prune') {
    for (const store of STORES) {
      const gone = before.find((r) => r.id === store.id)!.gone;
      if (store.prune && gone.length) await store.prune(where, gone);
    }
    const forgotten = Object.fromEntries(before.map((r) => [r.id, r.gone]));
    const total = before.reduce((n, r) => n + r.gone.length, 0);
    process.stdout.write(json ? `${JSON.stringify({ dir, forgotten }, null, 2)}\n` : `forgot ${total} entr${total === 1 ? 'y' : 'ies'} about files that are gone\n`);
    return 0;
  }
  for (const r of before) rmSync(r.path, { recursive: true, force: true });
  process.stdout.write(json ? `${JSON.stringify({ dir, removed: before.map((r) => r.path) }, null, 2)}\n` : `removed ${before.map((r) => r.path).join(', ')}\n`);
  return 0;
}
