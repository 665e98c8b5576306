import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { REPO_ROOT, run } from '../helpers/sandbox.js';

// The built `uv-shim` bundle copied where no package.json of uv-shim lies
// above it: an install that lost its package.json. Finding the package is
// something every command's help and `version` rely on and never expect to
// fail, so this reaches the entry point's catch-all for real.
function orphanedBundle(): string {
  const root = mkdtempSync(join(tmpdir(), 'uv-shim-orphan-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  cpSync(join(REPO_ROOT, 'dist', 'cli'), join(root, 'cli'), { recursive: true });
  return join(root, 'cli', 'uv-shim.cjs');
}

describe('uv-shim: an error nobody expected', () => {
  it.each([
    [['version'], 'version'],
    [['--version'], 'version'],
    [['--help'], undefined],
  ])('`uv-shim %j` exits 70 with the one formatter\'s internal-error text', async (args, command) => {
    const bundle = orphanedBundle();
    const r = await run(process.execPath, [bundle, ...args], { env: { PATH: process.env.PATH, HOME: tmpdir() } });
    expect({ code: r.code, stdout: r.stdout.length }).toEqual({ code: 70, stdout: 0 });
    const [happened, todo] = r.stderr.toString().split('\n\n');
    expect(happened).toMatch(new RegExp(`^uv-shim${command ? ` ${command}` : ''}: internal error: Error: no package\\.json of uv-shim in .*; reinstall uv-shim\\n    at `));
    expect(todo).toBe(
      command
        ? `Please report this, with the \`uv-shim ${command}\` command line that caused it.\n`
        : 'Please report this. UV_SHIM_BYPASS=1 runs uv without the shim.\n',
    );
  });
});
