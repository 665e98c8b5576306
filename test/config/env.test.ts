import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../src/config/env.js';
import { envFlag, parseBoolean } from '../../src/config/settings.js';

describe('parseBoolean: the one reading of every yes/no variable', () => {
  it.each([
    ['1', true], ['true', true], ['TRUE', true], ['Yes', true], ['on', true],
    ['0', false], ['false', false], ['No', false], ['OFF', false],
    ['', undefined], ['2', undefined], [' 1', undefined], ['y', undefined], ['enabled', undefined],
  ])('%j → %s', (text, expected) => {
    expect(parseBoolean(text)).toBe(expected);
  });
});

describe('configFromEnv', () => {
  it.each([
    [{ UV_SHIM_STRICT: '1' }, { strict: true }],
    [{ UV_SHIM_STRICT: 'off', UV_SHIM_GUARD: 'yes', UV_SHIM_RETRY: '0' }, { strict: false, guard: true, retry: false }],
    [{ UV_SHIM_TIMING: 'TRUE', UV_SHIM_BYPASS: 'no' }, { timing: true, bypass: false }],
    [{ UV_SHIM_TRUST_PROJECT_CONFIG: '1' }, { trustProjectConfig: true }],
    [{ UV_SHIM_LOG: 'debug' }, { log: 'debug' }],
    [{ UV_SHIM_LOG: 'quiet' }, { log: 'silent' }],
    // Empty is unset, for every kind of variable.
    [{ UV_SHIM_LOG: '', UV_SHIM_STRICT: '', UV_SHIM_REPAIR: '', UV_SHIM_EXPLAIN_FILE: '' }, {}],
    [{ UV_SHIM_REPAIR: 'prompt', UV_SHIM_EXPLAIN: 'JSON', UV_SHIM_LINK_MODE: 'hardlink' }, { repair: 'prompt', explain: 'json', linkMode: 'hardlink' }],
    [{ UV_SHIM_EXPLAIN_FILE: '/tmp/x.json' }, { explainFile: '/tmp/x.json' }],
    [{ PATH: '/bin', UV_OTHER: '1' }, {}],
  ])('reads %j', (env, expected) => {
    expect(configFromEnv(env)).toEqual({ config: expected, problems: [] });
  });

  it.each([
    [{ UV_SHIM_STRICT: 'maybe' }, 'UV_SHIM_STRICT', 'expected 1, true, yes, on or 0, false, no, off, found "maybe"'],
    [{ UV_SHIM_BYPASS: '2' }, 'UV_SHIM_BYPASS', 'expected 1, true, yes, on or 0, false, no, off, found "2"'],
    [{ UV_SHIM_LOG: 'verbose' }, 'UV_SHIM_LOG', 'expected one of silent, warn, info, debug, found "verbose"'],
    [{ UV_SHIM_REPAIR: 'yes' }, 'UV_SHIM_REPAIR', 'expected one of auto, prompt, off, found "yes"'],
  ])('names the variable and the problem: %j', (env, key, message) => {
    expect(configFromEnv(env)).toEqual({ config: {}, problems: [{ file: 'environment', key, message }] });
  });

  it.each([
    [{ UV_SHIM_BYPASS: 'on' }, true],
    [{ UV_SHIM_BYPASS: '1' }, true],
    [{ UV_SHIM_BYPASS: '' }, false],
    [{ UV_SHIM_BYPASS: '0' }, false],
    [{ UV_SHIM_BYPASS: 'sure' }, false],
    [{}, false],
  ])('envFlag reads UV_SHIM_BYPASS %j as %s', (env, expected) => {
    expect(envFlag(env, 'bypass')).toBe(expected);
  });
});
