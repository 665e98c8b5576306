import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellQuote } from '../../src/common/shell-quote.js';

describe('shellQuote', () => {
  it.each([
    ['/Users/jane/.local/share/uv/python/cpython-3.12/bin/python3.12', '/Users/jane/.local/share/uv/python/cpython-3.12/bin/python3.12'],
    ['--preserve-metadata=entitlements,requirements,flags,runtime', '--preserve-metadata=entitlements,requirements,flags,runtime'],
    ['/Users/Jane Doe/py', "'/Users/Jane Doe/py'"],
    ["it's", "'it'\\''s'"],
    ['', "''"],
    ['$HOME;rm -rf ~', "'$HOME;rm -rf ~'"],
  ])('%s -> %s', (arg, quoted) => {
    expect(shellQuote(arg)).toBe(quoted);
  });

  // The oracle: a real sh reads each quoted word back as the argument itself.
  it('gives back each argument unchanged through a real sh', () => {
    const args = ['plain', 'with space', "quote'inside", '$(echo no)', '`no`', 'a\nb', '*', ''];
    const out = execFileSync('sh', ['-c', `printf '%s\\0' ${args.map(shellQuote).join(' ')}`]);
    expect(out.toString().split('\0').slice(0, -1)).toEqual(args);
  });
});
