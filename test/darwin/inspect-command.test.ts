import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { setXattr } from '../../src/darwin/xattr.js';
import type { reportJson } from '../../src/darwin/summary.js';
import { REPO_ROOT, run } from '../helpers/sandbox.js';
import { fixture } from './fixture-path.js';

const CLI = join(REPO_ROOT, 'dist', 'bin', 'uv-shim.js');
const DARWIN = { ...process.env, UV_SHIM_PLATFORM: 'darwin', NO_COLOR: '1' };

function inspect(args: string[], env: NodeJS.ProcessEnv = DARWIN) {
  return run(process.execPath, [CLI, 'inspect', ...args], { env });
}

function parse(stdout: Buffer): ReturnType<typeof reportJson>[] {
  return JSON.parse(stdout.toString('utf8')) as ReturnType<typeof reportJson>[];
}

describe('uv-shim inspect --json', () => {
  it('prints one object per file with every field, and exits 0 when all were read', async () => {
    const files = [fixture('fsevents.node'), fixture('sentry-cli'), fixture('esbuild-arm64'), fixture('esbuild-x64'), fixture('esbuild-arm64.flip-page-1000')];
    const result = await inspect(['--json', ...files]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const reports = parse(result.stdout);
    expect(reports.map((r) => [r.path, r.format, r.error, r.slices.length])).toEqual([
      [files[0], 'fat', null, 2], [files[1], 'fat', null, 2], [files[2], 'thin', null, 1], [files[3], 'thin', null, 1], [files[4], 'thin', null, 1],
    ]);
    for (const report of reports) {
      expect(Object.keys(report).sort()).toEqual(['error', 'format', 'path', 'problem', 'quarantine', 'slices', 'unreadable', 'xattrs']);
      for (const slice of report.slices) {
        expect(Object.keys(slice).sort()).toEqual([
          'adhoc', 'arch', 'cdVersion', 'cms', 'codeLimit', 'codeSlots', 'firstBadPage', 'hardenedRuntime',
          'hashType', 'identifier', 'linkerSigned', 'pageSize', 'signed', 'teamId', 'valid',
        ]);
      }
    }
    expect(reports[0]!.slices.map((s) => [s.arch, s.signed, s.adhoc, s.linkerSigned])).toEqual([['x86_64', false, false, false], ['arm64', true, true, true]]);
    expect(reports[1]!.slices.every((s) => s.teamId === '97JCY7859U' && s.hardenedRuntime && s.cms && !s.adhoc)).toBe(true);
    expect(reports[4]!.slices[0]).toMatchObject({ valid: false, firstBadPage: 1000 });
  });

  it('exits 1 when a file is malformed or unreadable, and still reports the others', async () => {
    const result = await inspect(['--json', fixture('esbuild-arm64.truncated'), '/nonexistent/python3', fixture('esbuild-x64')]);
    expect(result.code).toBe(1);
    const [truncated, missing, good] = parse(result.stdout);
    expect(truncated!.error).toMatch(/^malformed Mach-O: /);
    expect(missing).toEqual({
      path: '/nonexistent/python3', format: 'not-macho', xattrs: {}, quarantine: null, slices: [],
      problem: { kind: 'cannot-open', path: '/nonexistent/python3', errno: 'ENOENT', detail: 'no such file or directory' },
      error: 'cannot read /nonexistent/python3: no such file or directory (ENOENT)', unreadable: true,
    });
    expect(truncated!.problem).toMatchObject({ kind: 'malformed', path: fixture('esbuild-arm64.truncated') });
    expect(truncated!.unreadable).toBe(false);
    expect(good!.error).toBeNull();
  });

  // A named pipe opened for reading waits for a writer: a `.venv/bin/python`
  // that is one must not hang inspect (or the guard's cold check) forever.
  it('reports a named pipe as unreadable at once instead of waiting for a writer', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uv-shim-inspect-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const fifo = join(dir, 'python3');
    execFileSync('mkfifo', [fifo]);
    const result = await run(process.execPath, [CLI, 'inspect', '--json', fifo], { env: DARWIN, timeout: 10_000 });
    expect(result.signal).toBeNull();
    expect(result.code).toBe(1);
    expect(parse(result.stdout)[0]!.error).toBe(`cannot read ${fifo}: not a regular file`);
  });

  it('shows Apple xattrs by their Apple names: provenance as hex, quarantine decoded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uv-shim-inspect-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'python3.13');
    writeFileSync(file, '#!/bin/sh\n');
    await setXattr(file, 'com.apple.provenance', Buffer.from('0102007a', 'hex'), DARWIN);
    await setXattr(file, 'com.apple.quarantine', '0081;6553f2a0;curl;', DARWIN);
    const result = await inspect(['--json', file]);
    expect(result.code).toBe(0);
    expect(parse(result.stdout)).toEqual([{
      path: file, format: 'not-macho', slices: [], problem: null, error: null, unreadable: false,
      xattrs: { 'com.apple.provenance': 'hex:0102007a', 'com.apple.quarantine': '0081;6553f2a0;curl;' },
      quarantine: { flags: '0081', timestamp: '2023-11-14T22:20:16.000Z', agent: 'curl', id: null },
    }]);
  });
});

describe('uv-shim inspect (summary)', () => {
  it('prints a few readable lines per file on stdout', async () => {
    const result = await inspect([fixture('fsevents.node'), fixture('esbuild-arm64.flip-last-page')]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.toString()).toBe([
      `${fixture('fsevents.node')}: Mach-O universal (x86_64, arm64)`,
      '  x86_64: unsigned',
      '  arm64: ad-hoc, linker-signed, sha256, 16 pages: valid',
      '',
      `${fixture('esbuild-arm64.flip-last-page')}: Mach-O thin (arm64)`,
      '  arm64: ad-hoc, linker-signed, sha256, 2566 pages: INVALID: page 2565 does not match its hash',
      '',
    ].join('\n'));
  });

  it.each([
    [[], 'missing FILE'],
    [['--jsn', 'x'], 'unknown option "--jsn"'],
  ])('%j is a usage error (exit 2, nothing on stdout)', async (args, message) => {
    const result = await inspect(args);
    expect(result.code).toBe(2);
    expect(result.stdout.length).toBe(0);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Usage: uv-shim inspect [--json] FILE…');
  });

  it('takes a file named like an option after --', async () => {
    const result = await inspect(['--json', '--', '--json']);
    expect(result.code).toBe(1);
    expect(parse(result.stdout)[0]!.path).toBe('--json');
  });
});
