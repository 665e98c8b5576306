import { describe, expect, it } from 'vitest';
import { distrust, type Principal } from '../../src/common/ownership.js';

// The one rule, on stats as the kernel reports them: owned by me or root,
// writable by nobody else, except a sticky directory of mine.
const ME: Principal = { uid: 1000, gid: 1000 };
const stat = (uid: number, gid: number, mode: number, isDir = true) => ({ uid, gid, mode, isDirectory: () => isDir });

describe('distrust', () => {
  it.each([
    ['mine, 0755', stat(1000, 1000, 0o40755), undefined],
    ["root's, 0755", stat(0, 0, 0o40755), undefined],
    ["another user's, 0700", stat(1001, 1001, 0o40700), 'owner'],
    ['mine, world-writable', stat(1000, 1000, 0o40777), 'writable by others'],
    ['mine, writable by my own primary group (umask 002)', stat(1000, 1000, 0o40775), undefined],
    ['mine, writable by another group', stat(1000, 50, 0o40775), 'writable by group'],
    ['mine, sticky and world-writable', stat(1000, 1000, 0o41777), undefined],
    ["root's, sticky and world-writable (/tmp, for a user who is not root)", stat(0, 0, 0o41777), 'writable by others'],
    ['a file of mine with the sticky bit, world-writable (the bit means nothing on files)', stat(1000, 1000, 0o101777, false), 'writable by others'],
    ["another user's, sticky", stat(1001, 1001, 0o41777), 'owner'],
  ])('%s', (_name, st, expected) => {
    const why = distrust('/p', st, ME);
    expect(why === undefined ? undefined : why.kind === 'owner' ? 'owner' : `writable by ${why.by}`).toBe(expected);
  });

  it('carries the facts its callers say: the path, whether a directory, the uid or the group', () => {
    expect(distrust('/x', stat(1001, 7, 0o100644, false), ME)).toEqual({ kind: 'owner', path: '/x', isDirectory: false, uid: 1001 });
    expect(distrust('/y', stat(0, 50, 0o40775), ME)).toEqual({ kind: 'writable', path: '/y', isDirectory: true, by: 'group', gid: 50 });
  });

  it('takes BigInt stats as they come from a bounded read', () => {
    expect(distrust('/z', { uid: 1001n, gid: 1001n, mode: 0o100644n, isDirectory: () => false }, ME)?.kind).toBe('owner');
  });
});
