import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { validateConfig } from '../../src/config/validate.js';

const FILE = '/p/.uv-shimrc';

describe('validateConfig', () => {
  it.each([
    [{ strict: true }, { strict: true }],
    [{ log: 'DEBUG' }, { log: 'debug' }],
    [{ repair: 'off', explain: 'json', linkMode: 'hardlink' }, { repair: 'off', explain: 'json', linkMode: 'hardlink' }],
    [{ repairAllow: ['/opt/pythons'] }, { repairAllow: ['/opt/pythons'] }],
    [{ newLibraryThreshold: 0 }, { newLibraryThreshold: 0 }],
    [{ hooks: { preExec: 'echo hi' } }, { hooks: { preExec: [{ name: 'echo hi', run: 'echo hi', required: false, timeoutMs: 30000 }] } }],
    [
      { hooks: { postExit: [{ run: ['notify', '--done'], required: true, timeoutMs: 500, name: 'n' }] } },
      { hooks: { postExit: [{ name: 'n', run: ['notify', '--done'], required: true, timeoutMs: 500 }] } },
    ],
  ])('keeps valid settings: %j', (raw, expected) => {
    expect(validateConfig(raw, FILE, 'user')).toEqual({ config: expected, problems: [] });
  });

  it.each([
    [{ strict: 'yes' }, 'strict', 'expected true or false, found "yes"'],
    [{ log: 'loud' }, 'log', 'expected one of "silent", "warn", "info", "debug", found "loud"'],
    [{ bypass: true }, 'bypass', expect.stringMatching(/^unknown setting \(bypass is set only by UV_SHIM_BYPASS\) \(known: strict, /)],
    [{ repair: 'always' }, 'repair', 'expected one of "auto", "prompt", "off", found "always"'],
    [{ repairAllow: ['/opt/pythons', 'relative/dir'] }, 'repairAllow[1]', 'expected an absolute directory path, found "relative/dir"'],
    [{ repairAllow: '/opt/pythons' }, 'repairAllow', 'expected a list of absolute directory paths, found "/opt/pythons"'],
    [{ newLibraryThreshold: -1 }, 'newLibraryThreshold', 'expected a whole number ≥ 0, found number -1'],
    [{ hooks: [] }, 'hooks', 'expected an object with "preExec" and/or "postExit", found an array'],
    [{ hooks: { before: [] } }, 'hooks.before', 'unknown hook phase (known: preExec, postExit)'],
    [{ hooks: { preExec: [{ run: '' }] } }, 'hooks.preExec[0].run', 'expected a command string or a non-empty list of strings, found ""'],
    [{ hooks: { preExec: [{ run: 'x', required: 'yes' }] } }, 'hooks.preExec[0].required', 'expected true or false, found "yes"'],
    [{ hooks: { postExit: [{ run: 'x', timeoutMs: 0 }] } }, 'hooks.postExit[0].timeoutMs', 'expected a positive number of milliseconds up to 2147483647, found number 0'],
    [{ hooks: { postExit: [{ run: 'x', timeoutMs: 3e9 }] } }, 'hooks.postExit[0].timeoutMs', 'expected a positive number of milliseconds up to 2147483647, found number 3000000000'],
  ])('names the file, the key and the problem: %j', (raw, key, message) => {
    const { problems } = validateConfig(raw, FILE, 'user');
    expect(problems).toEqual([{ file: FILE, key, message }]);
  });

  it('reports an unknown key and still keeps the valid ones beside it', () => {
    const { config, problems } = validateConfig({ stirct: true, guard: false }, FILE);
    expect(config).toEqual({ guard: false });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: FILE, key: 'stirct' });
    expect(problems[0]!.message).toMatch(/^unknown setting \(known: strict, /);
  });

  it('reports a misspelt hook setting and keeps the hook as written', () => {
    const { config, problems } = validateConfig({ hooks: { preExec: [{ run: 'check-vpn', requried: true }] } }, FILE);
    expect(problems).toEqual([
      { file: FILE, key: 'hooks.preExec[0].requried', message: 'unknown hook setting (known: run, name, required, timeoutMs)' },
    ]);
    expect(config.hooks?.preExec).toEqual([{ name: 'check-vpn', run: 'check-vpn', required: false, timeoutMs: 30000 }]);
  });

  it.each([
    ['repairAllow', ['/opt/pythons']],
    ['trustProjectConfig', true],
  ])('refuses %s from a project file, which a cloned repository could set', (key, value) => {
    const { config, problems } = validateConfig({ [key]: value, guard: false }, FILE, 'project');
    expect(config).toEqual({ guard: false });
    expect(problems).toEqual([
      { file: FILE, key, message: 'is read from your user config only, never from a project file (a cloned repository must not set it)' },
    ]);
  });

  it('accepts every default as a valid value of its setting', () => {
    const fileSettings = Object.fromEntries(
      Object.entries(DEFAULT_CONFIG).filter(([k, v]) => k !== 'bypass' && v !== undefined),
    );
    expect(validateConfig(fileSettings, FILE, 'user').problems).toEqual([]);
  });

  it.each([[null], [undefined]])('treats an empty file (%s) as no settings', (raw) => {
    expect(validateConfig(raw, FILE)).toEqual({ config: {}, problems: [] });
  });

  it.each([['a string'], [[1, 2]], [42]])('rejects a file whose root is not a table: %j', (raw) => {
    expect(validateConfig(raw, FILE).problems[0]).toMatchObject({ key: '(root)' });
  });
});
