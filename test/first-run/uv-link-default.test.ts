import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { macosDefaultFromHelp } from '../../src/first-run/uv-link-default.js';
import { makeSandbox } from '../helpers/sandbox.js';

const entry = (defaults: string) =>
  `      --link-mode <LINK_MODE>\n          The method to use when installing packages from the global cache.\n\n          ${defaults}\n\n          WARNING: The use of symlink link mode is discouraged.\n`;

describe('macosDefaultFromHelp', () => {
  it.each([
    ['Defaults to `clone` (also known as Copy-on-Write) on macOS and Linux, and `hardlink` on Windows.', 'clone'],
    ['Defaults to `clone` (also known as Copy-on-Write) on macOS, and `hardlink` on Linux and Windows.', 'clone'],
    ['Defaults to `hardlink` on macOS and Linux, and `hardlink` on Windows.', 'hardlink'],
    ['Defaults to `hardlink` on Linux and Windows and `clone` on macOS.', 'clone'],
    ['Defaults to `hardlink`.', 'hardlink'],
    ['The default depends on the platform.', null],
  ])('%s → %s', (sentence, mode) => {
    expect(macosDefaultFromHelp(entry(sentence))).toBe(mode);
  });

  it('finds nothing in help without a --link-mode entry', () => {
    expect(macosDefaultFromHelp('Usage: uv sync [OPTIONS]\n')).toBeNull();
  });

  // The real uv the tests run is the oracle for today's wording.
  it('reads the pinned real uv: clone on macOS', () => {
    const help = execFileSync(makeSandbox().realUv, ['help', 'sync'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', PAGER: 'cat' } });
    expect(macosDefaultFromHelp(help)).toBe('clone');
  });
});
