import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { readBoundedText } from '../bounded-read.js';
import { replaceStateFile } from '../state-file.js';

// uv's own default link mode on macOS, as the installed uv states it. uv
// clones on macOS (and, since 0.10.5, on Linux too: "Attempt to use reflinks
// by default on Linux", uv #18117); a clone is a new inode that macOS
// validates on first load (uv issue 17371). Should a uv hardlink on macOS by
// default, the shim's linkMode "hardlink" has nothing left to do. The uv
// binary itself is the authority: `uv help sync` says, in its --link-mode
// entry, "Defaults to `clone` (also known as Copy-on-Write) on macOS and
// Linux, and `hardlink` on Windows."

// The mode the help text gives for macOS, or null when it says nothing
// readable about it.
export function macosDefaultFromHelp(help: string): string | null {
  const entry = help.indexOf('--link-mode');
  if (entry === -1) return null;
  const sentence = /Defaults to ([^.]*)\./.exec(help.slice(entry))?.[1];
  if (!sentence) return null;
  // "`clone` (…) on macOS and Linux, and `hardlink` on Windows"
  let everywhere: string | null = null;
  for (const clause of sentence.split(/,\s*(?:and\s+)?|\s+and\s+(?=`)/)) {
    const mode = /`([a-z-]+)`/.exec(clause)?.[1];
    if (!mode) continue;
    const on = /\bon\s+(.*)$/.exec(clause)?.[1];
    if (on === undefined) everywhere ??= mode;
    else if (/\bmacOS\b/.test(on)) return mode;
  }
  return everywhere;
}

// What the last look found, per uv binary, in the shim's cache dir.
interface Remembered {
  [uv: string]: { identity: string; macos: string | null };
}

export function linkDefaultsPath(cacheDir: string): string {
  return join(cacheDir, 'uv-link-defaults.json');
}

function identityOf(path: string): string | null {
  const st = statSync(path, { throwIfNoEntry: false });
  return st ? `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}` : null;
}

// A few hundred bytes per uv binary; read no more than this.
const REMEMBERED_LIMIT = 64 * 1024;

function readRemembered(file: string): Remembered {
  const text = readBoundedText(file, REMEMBERED_LIMIT);
  if (text === null) return {};
  try {
    const data = JSON.parse(text) as unknown;
    return typeof data === 'object' && data !== null ? (data as Remembered) : {};
  } catch {
    return {};
  }
}

// The uv binaries whose default is remembered (`uv-shim cache`).
export function rememberedLinkDefaults(cacheDir: string): string[] {
  return Object.keys(readRemembered(linkDefaultsPath(cacheDir)));
}

// Forgets what was remembered about these uv binaries (`uv-shim cache prune`).
export function forgetLinkDefaults(cacheDir: string, uvs: readonly string[]): void {
  const remembered = readRemembered(linkDefaultsPath(cacheDir));
  for (const uv of uvs) delete remembered[uv];
  replaceStateFile(cacheDir, linkDefaultsPath(cacheDir), JSON.stringify(remembered));
}

// uv's macOS default for this uv binary: asked once per binary (a stat and a
// small read after that), remembered in the shim's cache dir. null when the
// binary cannot say (it failed, or its help has no such sentence).
export function uvMacosDefaultLinkMode(uv: string, env: NodeJS.ProcessEnv, cacheDir: string): string | null {
  const identity = identityOf(uv);
  const file = linkDefaultsPath(cacheDir);
  const remembered = readRemembered(file);
  const known = remembered[uv];
  if (identity && known?.identity === identity) return known.macos;
  const help = spawnSync(uv, ['help', 'sync'], { encoding: 'utf8', env: { ...env, NO_COLOR: '1', UV_NO_PAGER: '1', PAGER: 'cat' }, timeout: 10_000 });
  const macos = help.status === 0 ? macosDefaultFromHelp(help.stdout) : null;
  if (identity) {
    try {
      replaceStateFile(cacheDir, file, JSON.stringify({ ...remembered, [uv]: { identity, macos } }));
    } catch {
      // Not remembered: asked again next time.
    }
  }
  return macos;
}
