// @ts-check
// Finds the CPython the tests and benchmarks run: $PYTHON if set, else the
// first `python3` on PATH (pyenv's, Debian's or a GitHub runner's toolcache
// one). Found once, by the vitest global setup and by
// bench/run.mjs, and handed on from there. Plain JavaScript so that the
// benchmarks can share it.
import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';

// Asked of the interpreter itself: a venv's python or a PATH symlink
// resolves to the real file, and the version is the one it reports.
const QUERY = [
  'import os, platform, sys',
  'print(os.path.realpath(sys.executable))',
  'print(platform.python_implementation())',
  "print('%d.%d.%d' % sys.version_info[:3])",
].join('\n');

/**
 * @typedef {{ executable: string, dir: string, version: string, minor: string }} Python
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {Python}
 */
export function findPython(env = process.env) {
  const command = env.PYTHON || 'python3';
  let out;
  try {
    out = execFileSync(command, ['-I', '-S', '-c', QUERY], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`the tests need CPython 3.8+ as $PYTHON or python3 on PATH; running ${command} failed: ${why}`);
  }
  const [executable = '', implementation, version = ''] = out.trim().split('\n');
  if (implementation !== 'CPython') {
    throw new Error(`the tests need CPython; ${command} is ${implementation} (${executable}). Set PYTHON to a CPython.`);
  }
  const minor = version.split('.').slice(0, 2).join('.');
  return { executable, dir: dirname(executable), version, minor };
}
