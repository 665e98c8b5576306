import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { colorEnabled } from '../../src/log.js';
import { inPty, startProcess } from '../helpers/processes.js';
import { makeSandbox, runShim } from '../helpers/sandbox.js';

// Whether text carries terminal escapes (colours).
const hasEscapes = (text: string) => stripVTControlCharacters(text) !== text;

describe('UV_SHIM_LOG=debug and colours', () => {
  it('prints each phase with its duration on stderr, and nothing on stdout', async () => {
    const sb = makeSandbox();
    const r = await runShim(sb, 'uv', ['--version'], { env: { ...sb.env, UV_SHIM_LOG: 'debug' } });
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toMatch(/^uv \d+\.\d+\.\d+ /);
    for (const phase of ['recursion check', 'resolve real uv', 'load config', 'select hooks', 'uv']) {
      expect(r.stderr).toMatch(new RegExp(`uv-shim +\\d+\\.\\dms ${phase}: \\d+\\.\\d\\d ms`));
    }
    expect(r.stderr).toContain(`real uv: ${sb.realUv}`);
    expect(r.stderr).toContain('uv ended: exit 0');
  });

  it.each<[NodeJS.ProcessEnv, boolean, string]>([
    [{}, false, 'stderr is a pipe'],
    [{ FORCE_COLOR: '1' }, true, 'FORCE_COLOR=1'],
    [{ FORCE_COLOR: '1', NO_COLOR: '1' }, true, 'FORCE_COLOR wins over NO_COLOR'],
  ])('colours messages on a pipe: %j → %s (%s)', async (extra, coloured) => {
    const sb = makeSandbox();
    const r = await runShim(sb, 'uv', ['--version'], { env: { ...sb.env, UV_SHIM_LOG: 'debug', ...extra } });
    expect(hasEscapes(r.stderr)).toBe(coloured);
  });

  it.each([
    [{}, true],
    [{ NO_COLOR: '1' }, false],
    [{ TERM: 'dumb' }, false],
    [{ FORCE_COLOR: '0' }, false],
  ])('colours messages on a real terminal: %j → %s', async (extra, coloured) => {
    const sb = makeSandbox();
    const env = { ...sb.env, TERM: 'xterm', UV_SHIM_LOG: 'debug', ...extra };
    const p = startProcess(...inPty(`${sb.shimBin}/uv --version`), { cwd: sb.work, env });
    p.child.stdin!.end();
    await p.exited;
    expect(p.stdout()).toContain('resolve real uv');
    expect(hasEscapes(p.stdout())).toBe(coloured);
  });

  it.each([
    [{ isTTY: true }, {}, true],
    [{ isTTY: false }, {}, false],
    [{}, {}, false],
    [{ isTTY: true }, { NO_COLOR: '' }, true],
    [{ isTTY: true }, { NO_COLOR: '1' }, false],
    [{ isTTY: false }, { FORCE_COLOR: 'true' }, true],
    [{ isTTY: true }, { FORCE_COLOR: 'false' }, false],
  ])('colorEnabled(%j, %j) = %s', (stream, env, expected) => {
    expect(colorEnabled(stream, env)).toBe(expected);
  });
});
