import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../src/config/env.js';

describe('configFromEnv', () => {
  it.each([
    [{ UV_SHIM_STRICT: '1' }, { strict: true }],
    [{ UV_SHIM_STRICT: 'off', UV_SHIM_GUARD: 'yes', UV_SHIM_RETRY: '0' }, { strict: false, guard: true, retry: false }],
    [{ UV_SHIM_LOG: 'debug' }, { log: 'debug' }],
    [{ UV_SHIM_LOG: '' }, {}],
    [{ UV_SHIM_REPAIR: 'prompt', UV_SHIM_EXPLAIN: 'json', UV_SHIM_LINK_MODE: 'hardlink' }, { repair: 'prompt', explain: 'json', linkMode: 'hardlink' }],
    [{ UV_SHIM_EXPLAIN_FILE: '/tmp/x.json' }, { explainFile: '/tmp/x.json' }],
    [{ PATH: '/bin', UV_OTHER: '1' }, {}],
  ])('reads %j', (env, expected) => {
    expect(configFromEnv(env)).toEqual({ config: expected, problems: [] });
  });

  it.each([
    [{ UV_SHIM_STRICT: 'maybe' }, 'UV_SHIM_STRICT', 'expected 1 or 0, found "maybe"'],
    [{ UV_SHIM_LOG: 'verbose' }, 'UV_SHIM_LOG', 'expected silent, warn, info or debug, found "verbose"'],
    [{ UV_SHIM_REPAIR: 'yes' }, 'UV_SHIM_REPAIR', 'expected one of auto, prompt, off, found "yes"'],
  ])('names the variable and the problem: %j', (env, key, message) => {
    expect(configFromEnv(env)).toEqual({ config: {}, problems: [{ file: 'environment', key, message }] });
  });
});
