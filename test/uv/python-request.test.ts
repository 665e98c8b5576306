import { describe, expect, it } from 'vitest';
import { installationMatches, parsePythonRequest } from '../../src/uv/python-request.js';

const INSTALLS = [
  'cpython-3.11.14-macos-aarch64-none',
  'cpython-3.12.10-macos-aarch64-none',
  'cpython-3.13.3-macos-aarch64-none',
  'cpython-3.13.3+freethreaded-macos-aarch64-none',
  'pypy-3.10.16-macos-aarch64-none',
];

// Requests as users write them, against uv's installation names.
const CASES: Array<[string, string[]]> = [
  ['3.13', ['cpython-3.13.3-macos-aarch64-none', 'cpython-3.13.3+freethreaded-macos-aarch64-none']],
  ['3.12.10', ['cpython-3.12.10-macos-aarch64-none']],
  ['3', INSTALLS.filter((n) => n.startsWith('cpython') || n.startsWith('pypy'))],
  ['cpython@3.12', ['cpython-3.12.10-macos-aarch64-none']],
  ['cpython3.11', ['cpython-3.11.14-macos-aarch64-none']],
  ['cp312', ['cpython-3.12.10-macos-aarch64-none']],
  ['pypy', ['pypy-3.10.16-macos-aarch64-none']],
  ['pypy@3.10', ['pypy-3.10.16-macos-aarch64-none']],
  ['python3.12', ['cpython-3.12.10-macos-aarch64-none']],
  ['>=3.12', INSTALLS.slice(1, 4)],
  ['>=3.11,<3.13', ['cpython-3.11.14-macos-aarch64-none', 'cpython-3.12.10-macos-aarch64-none']],
  ['==3.13.*', INSTALLS.slice(2, 4)],
  ['~=3.12.0', ['cpython-3.12.10-macos-aarch64-none']],
  ['cpython-3.13.3-macos-aarch64-none', INSTALLS.slice(2, 4)],
  ['any', INSTALLS],
  ['something-odd!', INSTALLS],
];

describe('Python requests narrow managed installations', () => {
  it.each(CASES)('%s', (request, expected) => {
    const parsed = parsePythonRequest(request);
    expect(INSTALLS.filter((name) => installationMatches(name, parsed))).toEqual(expected);
  });

  it('treats paths as paths, which match no managed name', () => {
    for (const p of ['/usr/bin/python3', './venv', '~/py/bin/python', '.venv']) {
      const parsed = parsePythonRequest(p);
      expect(parsed.kind).toBe('path');
      expect(INSTALLS.some((n) => installationMatches(n, parsed))).toBe(false);
    }
  });
});
