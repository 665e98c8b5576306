import { describe, expect, it } from 'vitest';
import { makeSandbox, runShim } from '../helpers/sandbox.js';
import { REAL_PYTHON } from '../helpers/fake-python.js';

// Which built-ins a run loads shows in the debug log as "load <name>".
function loaded(stderr: string): string[] {
  return [...stderr.matchAll(/ load (link mode|first-run library count|timing): /g)].map((m) => m[1]!);
}

describe('the first-run hooks stay off the everyday path', () => {
  it('loads none of them for a command that writes no environment, even on macOS with every option on', async () => {
    const sb = makeSandbox();
    const env = { ...sb.env, UV_SHIM_LOG: 'debug', UV_SHIM_PLATFORM: 'darwin' };
    const r = await runShim(sb, 'uv', ['pip', 'list', '--python', REAL_PYTHON], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(loaded(r.stderr)).toEqual([]);
    const withLinkMode = await runShim(sb, 'uv', ['--version'], { env: { ...env, UV_SHIM_LINK_MODE: 'hardlink' } });
    expect(loaded(withLinkMode.stderr)).toEqual([]);
  });

  it('loads the count for `uv venv` on macOS only, the link mode only when asked, timing only with UV_SHIM_TIMING', async () => {
    const sb = makeSandbox();
    const env = { ...sb.env, UV_SHIM_LOG: 'debug' };
    const linux = await runShim(sb, 'uv', ['venv', 'a', '--python', REAL_PYTHON], { env: { ...env, UV_SHIM_LINK_MODE: 'hardlink' } });
    expect(linux.code, linux.stderr).toBe(0);
    expect(loaded(linux.stderr)).toEqual([]);
    const mac = await runShim(sb, 'uv', ['venv', 'b', '--python', REAL_PYTHON], {
      env: { ...env, UV_SHIM_PLATFORM: 'darwin', UV_SHIM_LINK_MODE: 'hardlink', UV_SHIM_TIMING: '1' },
    });
    expect(mac.code, mac.stderr).toBe(0);
    expect(loaded(mac.stderr)).toEqual(['link mode', 'first-run library count', 'timing']);
  });
});
