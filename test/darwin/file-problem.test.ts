import { describe, expect, it } from 'vitest';
import { fileProblemText, isUnreadable, type FileProblem } from '../../src/darwin/file-problem.js';

// One of every kind, with its words and whether the file itself was unreadable.
const CASES: [FileProblem, string, boolean][] = [
  [{ kind: 'cannot-open', path: '/p/python3', errno: 'ENOENT', detail: 'no such file or directory' }, 'cannot read /p/python3: no such file or directory (ENOENT)', true],
  [{ kind: 'cannot-open', path: '/p/python3', errno: null, detail: 'read failed' }, 'cannot read /p/python3: read failed', true],
  [{ kind: 'not-regular', path: '/p/python3' }, 'cannot read /p/python3: not a regular file', true],
  [{ kind: 'too-large', path: '/p/big', size: 2_000_000_000, limit: 1_073_741_824 }, 'cannot read /p/big: 2000000000 bytes is larger than any binary uv-shim inspects (1073741824)', true],
  [{ kind: 'malformed', path: '/p/x.so', detail: 'two slices overlap' }, 'malformed Mach-O: two slices overlap', false],
  [{ kind: 'xattrs-unlisted', path: '/p/x.so', errno: 'EACCES', detail: 'Permission denied (os error 13)' }, 'cannot list extended attributes: Permission denied (os error 13) (EACCES)', false],
];

describe('why a file could not be inspected', () => {
  it.each(CASES)('%o is worded in one place', (problem, text, unreadable) => {
    expect(fileProblemText(problem)).toBe(text);
    expect(isUnreadable(problem)).toBe(unreadable);
  });

  it('covers every kind', () => {
    expect(new Set(CASES.map(([p]) => p.kind))).toEqual(new Set(['cannot-open', 'not-regular', 'too-large', 'malformed', 'xattrs-unlisted']));
    expect(isUnreadable(null)).toBe(false);
  });
});
