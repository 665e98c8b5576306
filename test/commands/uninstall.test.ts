import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox } from '../helpers/sandbox.js';
import { uvShim } from '../helpers/cli.js';

describe('uv-shim uninstall', () => {
  it('removes the links and only the profile lines install added', async () => {
    const sb = makeSandbox({ linkShims: false });
    const dir = join(sb.home, 'bin');
    const bashrc = join(sb.home, '.bashrc');
    writeFileSync(bashrc, 'alias ll="ls -l"\nexport PATH="$HOME/go/bin:$PATH"\n');
    expect((await uvShim(sb, ['install', '--dir', dir, '--profile'])).code).toBe(0);
    expect(readFileSync(bashrc, 'utf8')).toContain('# added by uv-shim install');
    const r = await uvShim(sb, ['uninstall', '--dir', dir]);
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'uv'))).toBe(false);
    expect(existsSync(join(dir, 'uvx'))).toBe(false);
    expect(existsSync(join(dir, 'uv-shim'))).toBe(false);
    expect(readFileSync(bashrc, 'utf8')).toBe('alias ll="ls -l"\nexport PATH="$HOME/go/bin:$PATH"\n');
    expect(r.stdout.toString()).toContain(`removed 1 line(s) from ${bashrc}`);
  });

  it('is a no-op the second time', async () => {
    const sb = makeSandbox({ linkShims: false });
    const dir = join(sb.home, 'bin');
    await uvShim(sb, ['install', '--dir', dir]);
    await uvShim(sb, ['uninstall', '--dir', dir]);
    const again = await uvShim(sb, ['uninstall', '--dir', dir]);
    expect(again.code).toBe(0);
    expect(again.stdout.toString()).toContain(`not installed: ${join(dir, 'uv')}`);
  });
});
