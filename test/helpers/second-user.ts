import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { REAL_PYTHON } from './fake-python.js';

// A second, real user for permission tests: `nobody`, reached through
// setpriv (util-linux). Root ignores file modes, so only another account
// shows what the shim does with someone else's files, or as someone who
// cannot write where it would like to.
export const AS_NOBODY = ['setpriv', '--reuid', 'nobody', '--regid', 'nogroup', '--clear-groups', '--'];
export const NOBODY_UID = 65534;

// Why this machine cannot run a test as another user, or null when it can.
export function cannotSwitchUser(): string | null {
  if (process.getuid?.() !== 0) return 'needs root to switch to a second user';
  const r = spawnSync(AS_NOBODY[0]!, [...AS_NOBODY.slice(1), 'true']);
  return r.status === 0 ? null : `setpriv cannot switch to nobody here (${r.error?.message ?? r.stderr.toString().trim()})`;
}

// The first directory on the way to `path` that others cannot enter
// (root's home, 0700, where a Python manager keeps the tests' Python).
function closedAncestor(path: string): { closed: string; next: string } | null {
  const parts = path.split('/').filter(Boolean);
  for (let i = 1; i < parts.length; i++) {
    const dir = `/${parts.slice(0, i).join('/')}`;
    if ((statSync(dir).mode & 0o001) === 0) return { closed: dir, next: join(dir, parts[i]!) };
  }
  return null;
}

// The command prefix that runs a program as `nobody` with the tests'
// Python within its reach: the fake interpreters exec it. Where it lies
// under a directory others cannot enter, a private mount namespace puts an
// open, empty tmpfs over that directory with only the Python's tree bound
// back into it (nothing on disk changes). null, with why, when this
// machine cannot do it.
export function asNobodyWithPython(): { prefix: string[] } | { why: string } {
  const cannot = cannotSwitchUser();
  if (cannot) return { why: cannot };
  const blocked = closedAncestor(REAL_PYTHON);
  if (!blocked) return { prefix: AS_NOBODY };
  const script = [
    'set -e',
    'keep=$(mktemp -d)',
    'mount --bind "$1" "$keep"',
    'mount -t tmpfs -o mode=0755 none "$2"',
    'mkdir -p "$1"',
    'mount --bind "$keep" "$1"',
    'shift 2',
    'exec "$@"',
  ].join('\n');
  const prefix = ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', script, 'sh', blocked.next, blocked.closed, ...AS_NOBODY];
  const probe = spawnSync(prefix[0]!, [...prefix.slice(1), REAL_PYTHON, '-c', '']);
  return probe.status === 0 ? { prefix } : { why: `nobody cannot run ${REAL_PYTHON}, and a mount namespace could not expose it (${probe.stderr.toString().trim()})` };
}
