import { relative } from 'node:path';
import { expectedCost } from './cost.js';

export interface NoticeFacts {
  newUnshared: number;
  environment: string;
  cwd: string;
  // uv was asked for hardlinks (by the shim, UV_LINK_MODE or --link-mode).
  hardlinkRequested: boolean;
  // Where the user chose uv's link mode themselves (userLinkModeChoice), if
  // they did: the shim's linkMode setting does not apply then.
  userChoice: string | undefined;
  uvCacheDir: string;
}

function shortPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') ? rel : path;
}

// The one line printed after a sync on macOS: how many, what it will cost,
// and the one setting that avoids it (or why that setting did not help).
export function firstRunNotice(facts: NoticeFacts): string {
  const n = facts.newUnshared;
  const what = `${n} new native ${n === 1 ? 'library' : 'libraries'} in ${shortPath(facts.environment, facts.cwd)}`;
  const cost = `macOS validates each on first load, so expect the first run to take ${expectedCost(n)} longer (uv issue 17371)`;
  if (facts.hardlinkRequested) {
    return `${what} ${n === 1 ? 'is' : 'are'} not hardlinked to uv's cache although hardlinks were asked for: ${cost}. uv falls back to copying across volumes: put the cache (UV_CACHE_DIR, now ${facts.uvCacheDir}) on the project's volume.`;
  }
  const avoid = facts.userChoice
    ? `The shim leaves your own link mode (${facts.userChoice}) alone: make it hardlink to share them (see docs/first-run.md).`
    : 'Avoid it with UV_SHIM_LINK_MODE=hardlink (see docs/first-run.md).';
  return `${what} ${n === 1 ? 'is' : 'are'} not shared with uv's cache: ${cost}. ${avoid}`;
}
