import { describe, expect, it } from 'vitest';
import { workspaceGlobMatches } from '../../src/uv/glob.js';

// tool.uv.workspace members / exclude globs as uv 0.13.9 matches them
// (the whole-tree cases are checked against the real uv in model.test.ts).
describe('workspace globs', () => {
  it.each([
    ['packages/*', '/ws/packages/a', true],
    ['packages/*', '/ws/packages/group/c', false],
    ['packages/**', '/ws/packages/group/c', true],
    ['./packages/*', '/ws/packages/a', true],
    ['packages/../libs/*', '/ws/libs/x', true],
    ['packages/?', '/ws/packages/a', true],
    ['packages/?', '/ws/packages/ab', false],
    ['packages/[ab]', '/ws/packages/b', true],
    ['packages/[!ab]', '/ws/packages/b', false],
    ['packages/a', '/ws/packages/a', true],
    ['packages/a', '/ws/packages/abc', false],
    ['/elsewhere/*', '/elsewhere/p', true],
  ])('%s against %s: %s', (glob, path, expected) => {
    expect(workspaceGlobMatches(glob, '/ws', path)).toBe(expected);
  });

  it('takes the workspace root literally, glob characters and all', () => {
    expect(workspaceGlobMatches('p/*', '/w[s]', '/w[s]/p/a')).toBe(true);
    expect(workspaceGlobMatches('p/*', '/w[s]', '/ws/p/a')).toBe(false);
  });
});
