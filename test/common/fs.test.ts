import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ancestors, expandTilde, realOrSelf, realpathOrNull } from '../../src/common/fs.js';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'uv-shim-fs-')));
afterAll(() => rmSync(root, { recursive: true, force: true }));
mkdirSync(join(root, 'real', 'deep'), { recursive: true });
symlinkSync(join(root, 'real'), join(root, 'link'));
symlinkSync(join(root, 'nowhere'), join(root, 'dangling'));
symlinkSync(join(root, 'loop'), join(root, 'loop'));

describe('realpathOrNull / realOrSelf', () => {
  it.each([
    ['a directory', 'real', 'real'],
    ['through a link', 'link/deep', 'real/deep'],
    ['a dangling link', 'dangling', null],
    ['a link to itself', 'loop', null],
    ['a missing path', 'missing', null],
  ])('%s', (_what, path, expected) => {
    expect(realpathOrNull(join(root, path))).toBe(expected === null ? null : join(root, expected));
    expect(realOrSelf(join(root, path))).toBe(join(root, expected ?? path));
  });
});

describe('expandTilde', () => {
  it.each([
    ['~', '/home/u'],
    ['~/', '/home/u'],
    ['~/bin', '/home/u/bin'],
    ['~user/bin', '~user/bin'],
    ['a/~/b', 'a/~/b'],
    ['/abs', '/abs'],
  ])('%s → %s', (path, expanded) => {
    expect(expandTilde(path, '/home/u')).toBe(expanded);
  });
});

describe('ancestors', () => {
  it.each([
    ['/a/b/c', ['/a/b/c', '/a/b', '/a', '/']],
    ['/a', ['/a', '/']],
    ['/', ['/']],
  ])('%s', (start, expected) => {
    expect([...ancestors(start)]).toEqual(expected);
  });
});
