import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, run, runReal, runShim } from '../helpers/sandbox.js';

// Writes every byte value many times (NULs, invalid UTF-8, CR/LF), then a
// few MB more: output that a pipe-and-decode wrapper would corrupt or stall on.
const BINARY_AND_LARGE = `
import sys
out = sys.stdout.buffer
out.write(bytes(range(256)) * 64)
out.write(b"\\r\\n\\x00\\xff\\xfe" * 1000)
out.write((b"x" * 1023 + b"\\n") * 4096)
out.flush()
`;

describe('the shim in front of the real uv', () => {
  it('prints exactly what `uv --version` prints', async () => {
    const sb = makeSandbox();
    const [viaShim, direct] = await Promise.all([runShim(sb, 'uv', ['--version']), runReal(sb, 'uv', ['--version'])]);
    expect(direct.code).toBe(0);
    expect(viaShim.code).toBe(0);
    expect(viaShim.stdout.equals(direct.stdout)).toBe(true);
    expect(viaShim.stderr).toBe('');
  });

  it('runs uvx as the real uvx', async () => {
    const sb = makeSandbox();
    const [viaShim, direct] = await Promise.all([runShim(sb, 'uvx', ['--version']), runReal(sb, 'uvx', ['--version'])]);
    expect(direct.stdout.toString()).toMatch(/^uvx \d/);
    expect({ code: viaShim.code, stdout: viaShim.stdout.toString(), stderr: viaShim.stderr }).toEqual({
      code: 0,
      stdout: direct.stdout.toString(),
      stderr: '',
    });
  });

  it('passes an exit code from the Python under `uv run` through exactly', async () => {
    const sb = makeSandbox();
    const r = await runShim(sb, 'uv', ['run', '--no-project', 'python', '-c', 'raise SystemExit(7)']);
    expect(r.stderr).not.toContain('uv-shim');
    expect(r.code).toBe(7);
  });

  it("passes uv's own error exit and message through unchanged", async () => {
    const sb = makeSandbox();
    const args = ['no-such-subcommand'];
    const [viaShim, direct] = await Promise.all([runShim(sb, 'uv', args), runReal(sb, 'uv', args)]);
    expect(direct.code).toBe(2);
    expect({ code: viaShim.code, stderr: viaShim.stderr, stdout: viaShim.stdout.length }).toEqual({
      code: 2,
      stderr: direct.stderr,
      stdout: 0,
    });
  });

  it('gives byte-identical stdout for binary and large output', async () => {
    const sb = makeSandbox();
    const args = ['run', '--no-project', 'python', '-c', BINARY_AND_LARGE];
    const direct = await runReal(sb, 'uv', args);
    const viaShim = await runShim(sb, 'uv', args);
    expect(direct.code).toBe(0);
    expect(direct.stdout.length).toBe(256 * 64 + 5 * 1000 + 1024 * 4096);
    expect(viaShim.code).toBe(0);
    expect(viaShim.stdout.length).toBe(direct.stdout.length);
    expect(viaShim.stdout.equals(direct.stdout)).toBe(true);
  });

  it('passes stdin through to the Python under `uv run`', async () => {
    const sb = makeSandbox();
    const input = Buffer.concat([Buffer.from('line one\nline two\n'), Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.alloc(300_000, 0x61)]);
    const code = 'import sys, hashlib; d = sys.stdin.buffer.read(); print(len(d), hashlib.sha256(d).hexdigest())';
    const r = await runShim(sb, 'uv', ['run', '--no-project', 'python', '-c', code], { input });
    const { createHash } = await import('node:crypto');
    expect(r.code).toBe(0);
    expect(r.stdout.toString().trim()).toBe(`${input.length} ${createHash('sha256').update(input).digest('hex')}`);
  });

  it('passes argv untouched: spaces, quotes, empty strings, unicode, option-like words', async () => {
    const sb = makeSandbox();
    const tricky = ['a b', '', "it's", '"q"', 'ünï😀', '--help', '-V', '--', '$HOME', '*'];
    const r = await runShim(sb, 'uv', ['run', '--no-project', 'python', '-c', 'import sys, json; print(json.dumps(sys.argv[1:]))', ...tricky]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout.toString())).toEqual(tricky);
  });

  it('runs uv in a working directory that was deleted under the shell', async () => {
    const sb = makeSandbox();
    const gone = join(sb.root, 'gone');
    mkdirSync(gone);
    const script = `cd '${gone}' && rmdir '${gone}' && exec '${join(sb.shimBin, 'uv')}' --version`;
    const direct = await runReal(sb, 'uv', ['--version']);
    const r = await run('/bin/sh', ['-c', script], { cwd: sb.work, env: sb.env });
    // (The launcher's /bin/sh may itself say getcwd() failed.)
    expect(r.stderr).not.toContain('uv-shim');
    expect({ code: r.code, stdout: r.stdout.toString() }).toEqual({ code: 0, stdout: direct.stdout.toString() });
  });

  it("passes the caller's environment through, plus only the shim's marker", async () => {
    const sb = makeSandbox();
    const code = 'import os, json; print(json.dumps({k: v for k, v in os.environ.items() if k.startswith(("MY_", "UV_SHIM_"))}))';
    const r = await runShim(sb, 'uv', ['run', '--no-project', 'python', '-c', code], {
      env: { ...sb.env, MY_VALUE: 'x=1 y', MY_EMPTY: '' },
    });
    expect(r.code).toBe(0);
    const seen = JSON.parse(r.stdout.toString()) as Record<string, string>;
    expect(seen).toEqual({
      MY_VALUE: 'x=1 y',
      MY_EMPTY: '',
      UV_SHIM_PARENT_PID: expect.stringMatching(/^\d+$/),
      UV_SHIM_DEPTH: '1',
    });
  });
});
