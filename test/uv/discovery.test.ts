import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { searchPathInterpreters } from '../../src/uv/discovery.js';
import { findPinFile } from '../../src/uv/pins.js';
import { parsePythonRequest } from '../../src/uv/python-request.js';
import { isRegularFile } from '../../src/bounded-read.js';
import { readVenv } from '../../src/uv/venv.js';

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'uv-shim-discovery-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function executable(path: string) {
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
}

// PATH as uv searches it: per directory python3.X (for a minor request),
// python3, python, then any python3.X whose name fits; each started in
// turn until one fits. Nothing is started here: names decide.
describe('searching PATH for a Python', () => {
  function world() {
    const root = tempDir();
    const [a, b] = [join(root, 'a'), join(root, 'b')];
    mkdirSync(a);
    mkdirSync(b);
    executable(join(a, 'python3.11'));
    symlinkSync('python3.11', join(a, 'python3'));
    executable(join(b, 'python3.12'));
    executable(join(b, 'python3.13'));
    symlinkSync('python3.13', join(b, 'python3'));
    return { root, a, b, env: { PATH: [a, join(root, 'missing'), a, b].join(':') } };
  }
  const search = (env: NodeJS.ProcessEnv, text: string) =>
    searchPathInterpreters(env, [parsePythonRequest(text)], [text]).map((u) => u.path);

  it.each([
    ['any', (w: ReturnType<typeof world>) => [join(w.a, 'python3')]],
    ['3.12', (w: ReturnType<typeof world>) => [join(w.a, 'python3'), join(w.b, 'python3.12')]],
    ['>=3.12', (w: ReturnType<typeof world>) => [join(w.a, 'python3'), join(w.b, 'python3')]],
    ['>=3.12,<3.13', (w: ReturnType<typeof world>) => [join(w.a, 'python3'), join(w.b, 'python3'), join(w.b, 'python3.12')]],
  ])('for %s', (request, expected) => {
    const w = world();
    expect(search(w.env, request)).toEqual(expected(w));
  });

  it('UV_PYTHON_SEARCH_PATH replaces PATH', () => {
    const w = world();
    expect(search({ ...w.env, UV_PYTHON_SEARCH_PATH: w.b }, 'any')).toEqual([join(w.b, 'python3')]);
  });
});

describe('version files', () => {
  it('skips what is no regular file (a link to /dev/zero, a FIFO) as uv does, up to the stop directory', () => {
    const root = tempDir();
    const inner = join(root, 'inner');
    mkdirSync(inner);
    symlinkSync('/dev/zero', join(inner, '.python-version'));
    writeFileSync(join(root, '.python-versions'), '3.12\n3.13\n');
    const search = { start: inner, stopAt: null, localAllowed: true, env: { HOME: root, XDG_CONFIG_HOME: join(root, 'cfg') } };
    expect(findPinFile(search, false)).toEqual({ file: join(root, '.python-versions'), requests: ['3.12', '3.13'], global: false });
    expect(findPinFile({ ...search, stopAt: inner }, false)).toBeNull();
    expect(findPinFile(search, true)).toBeNull();
    mkdirSync(join(root, 'cfg', 'uv'), { recursive: true });
    writeFileSync(join(root, 'cfg', 'uv', '.python-version'), '3.11\n');
    expect(findPinFile({ ...search, localAllowed: false }, false)).toMatchObject({ requests: ['3.11'], global: true });
  });
});

describe('paths below a file', () => {
  it('are no environment and no file (ENOTDIR is an answer, not a crash)', () => {
    const root = tempDir();
    const file = join(root, 'python');
    executable(file);
    expect(isRegularFile(join(file, 'pyvenv.cfg'))).toBe(false);
    expect(readVenv(file)).toBeNull();
    expect(readVenv(join(file, 'x'))).toBeNull();
  });
});
