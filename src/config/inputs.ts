import { lstatSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fingerprintKey, fingerprintOfStat } from '../common/fingerprint.js';

// What one load of the config files depended on, so that the next run can
// take its result without loading the loader: each file it looked at, the
// trust records if it asked them, the build that judged the files. A run
// whose files all still match (src/config/quick.ts) uses the stored result;
// any difference sends it to the loader, which looks at everything afresh.

// One config file the load looked at: its fingerprint (src/common/fingerprint.ts:
// any write, chmod or chown changes ctime) and the owner, group and mode of
// its directory, the only facts about the directory that decide whether the
// file is read (src/common/ownership.ts).
export interface LoadInput {
  path: string;
  fingerprint: string;
  dir: string;
}

// What a load is stored under: the user file and the nearest project
// candidate, which every directory below that candidate shares.
export function loadName(user: string | undefined, nearest: string | undefined): string {
  return `${user ?? ''}\n${nearest ?? ''}`;
}

// Where `uv-shim trust` keeps its records, in the shim's state directory.
export const TRUST_RECORDS = 'trust.json';

// `path` as a stored load may depend on it: a regular file that is not a
// link (a link's target and the target's directory are for the loader to
// check each time), with its fingerprint and its directory's ownership, in
// that order: a change after either shows as a difference next time.
// Undefined for anything else (missing, a link, a FIFO, a device).
export function inputOf(path: string): LoadInput | undefined {
  try {
    const st = lstatSync(path, { bigint: true, throwIfNoEntry: false });
    if (!st?.isFile()) return undefined;
    const dir = statSync(dirname(path));
    return { path, fingerprint: fingerprintKey(fingerprintOfStat(st)), dir: `${dir.uid}:${dir.gid}:${dir.mode}` };
  } catch {
    return undefined;
  }
}

// The version of a state file (never followed through a link, as state
// files are read), '' when there is none.
export function stateFileKey(stateDir: string, name: string): string {
  try {
    const st = lstatSync(join(stateDir, name), { bigint: true, throwIfNoEntry: false });
    return st ? fingerprintKey(fingerprintOfStat(st)) : '';
  } catch {
    return '';
  }
}

// The build running now: a result stored by another one (which may judge
// the same files differently) is not reused.
let build: string | undefined;
export function buildKey(): string {
  if (build === undefined) {
    try {
      build = fingerprintKey(fingerprintOfStat(statSync(import.meta.filename, { bigint: true })));
    } catch {
      build = '';
    }
  }
  return build;
}
