import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIMULATED_MAC } from '../gate/paths.js';
import { commandUsesInterpreter } from '../../src/guard/wants.js';
import { parseUvCommand } from '../../src/uv/command.js';
import { countStarts, makeFakePython } from '../helpers/fake-python.js';
import { runReal, runShim } from '../helpers/sandbox.js';
import { makeGuardSandbox } from './guard-sandbox.js';

const SKIPPED = [
  ['--version'], ['-V'], ['help'], ['--help'], ['self', 'version'], ['cache', 'dir'], ['cache', 'clean'],
  ['python', 'list'], ['python', 'dir'], ['python', 'uninstall', '3.12'], ['tool', 'list'], ['tool', 'dir'], ['auth', 'login', 'x'],
];
const GUARDED = [
  ['run', 'python'], ['sync'], ['lock'], ['add', 'httpx'], ['pip', 'install', 'x'], ['venv'], ['python', 'find'],
  ['python', 'install', '3.12'], ['tool', 'run', 'ruff'], ['tool', 'install', 'ruff'], ['-p', '3.12', 'run', 'x'],
];

describe.runIf(SIMULATED_MAC)('which uv commands the guard looks at', () => {
  it.each(SKIPPED)('skips uv %s', (...args) => {
    expect(commandUsesInterpreter(parseUvCommand('uv', args))).toBe(false);
  });
  it.each(GUARDED)('guards uv %s', (...args) => {
    expect(commandUsesInterpreter(parseUvCommand('uv', args))).toBe(true);
  });

  it('adds no process and writes no cache for a command without an interpreter', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons, { provenance: true });
    for (const args of [['--version'], ['cache', 'dir'], ['python', 'list', '--only-installed']]) {
      const before = countStarts(fake).total;
      const viaShim = await runShim(sb, 'uv', args);
      const shimStarts = countStarts(fake).total - before;
      const direct = await runReal(sb, 'uv', args);
      expect(viaShim.code).toBe(direct.code);
      expect(viaShim.stdout.equals(direct.stdout)).toBe(true);
      expect(shimStarts).toBe(countStarts(fake).total - before - shimStarts);
    }
    expect(existsSync(join(sb.shimCache, 'verdicts.json'))).toBe(false);
  });
});
