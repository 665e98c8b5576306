import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, runReal, runShim } from '../helpers/sandbox.js';

describe('a config file that is not a regular file, end to end', () => {
  it.each([
    ['a FIFO', (p: string) => execFileSync('mkfifo', [p]), 'is a FIFO, not a regular file; not read'],
    ['a link to /dev/zero', (p: string) => symlinkSync('/dev/zero', p), 'is a character device, not a regular file; not read'],
  ])('%s: one line on stderr, and uv runs at once', async (_, make, message) => {
    const sb = makeSandbox();
    const file = join(sb.work, '.uv-shimrc.json');
    make(file);
    const r = await runShim(sb, 'uv', ['--version']);
    const direct = await runReal(sb, 'uv', ['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.equals(direct.stdout)).toBe(true);
    expect(r.stderr).toBe(`uv-shim: ignoring invalid configuration:\n  ${file}: ${message}\n`);
  });

  it('a file over 4 MiB: refused with its reason, and uv runs', async () => {
    const sb = makeSandbox();
    const file = join(sb.work, '.uv-shimrc.json');
    writeFileSync(file, `{"log": "${'x'.repeat(4 * 1024 * 1024)}"}`);
    const r = await runShim(sb, 'uv', ['--version']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${file}: is larger than the 4194304 bytes a config file may have; not read`);
  });
});
