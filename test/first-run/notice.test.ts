import { describe, expect, it } from 'vitest';
import { firstRunNotice, type NoticeFacts } from '../../src/first-run/notice.js';

const BASE: NoticeFacts = {
  newUnshared: 12,
  environment: '/p/app/.venv',
  cwd: '/p/app',
  hardlinkRequested: false,
  userChoice: undefined,
  uvCacheDir: '/Users/me/.cache/uv',
};

describe('firstRunNotice: the advice', () => {
  it.each([
    ['nobody chose a link mode: the shim\'s setting', {}, /Avoid it with UV_SHIM_LINK_MODE=hardlink \(see docs\/first-run\.md\)\.$/],
    ['the user set UV_LINK_MODE: theirs, not the shim\'s', { userChoice: 'UV_LINK_MODE=copy' }, /leaves your own link mode \(UV_LINK_MODE=copy\) alone: make it hardlink/],
    ['a link-mode in uv.toml: theirs too', { userChoice: 'link-mode in /p/app/uv.toml' }, /\(link-mode in \/p\/app\/uv\.toml\) alone/],
    ['hardlinks asked for but not made: the cache is elsewhere', { hardlinkRequested: true, userChoice: 'UV_LINK_MODE=hardlink' }, /put the cache \(UV_CACHE_DIR, now \/Users\/me\/\.cache\/uv\) on the project's volume\.$/],
  ])('%s', (_what, facts, advice) => {
    const text = firstRunNotice({ ...BASE, ...facts });
    expect(text).toMatch(/^12 new native libraries in \.venv /);
    expect(text).toMatch(advice);
    if ((facts as Partial<NoticeFacts>).userChoice) expect(text).not.toContain('UV_SHIM_LINK_MODE');
  });
});
