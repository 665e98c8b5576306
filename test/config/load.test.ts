import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { findConfigFiles, pyprojectMentionsShim } from '../../src/config/find.js';
import { loadConfig } from '../../src/config/load.js';
import { loadConfigQuickly } from '../../src/config/quick.js';

function world() {
  const root = mkdtempSync(join(tmpdir(), 'uv-shim-config-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const home = join(root, 'home');
  const project = join(root, 'project');
  const sub = join(project, 'src', 'pkg');
  mkdirSync(sub, { recursive: true });
  mkdirSync(join(home, '.config', 'uv-shim'), { recursive: true });
  const env = { HOME: home, XDG_CONFIG_HOME: join(home, '.config') };
  return { root, home, project, sub, env, userDir: join(home, '.config', 'uv-shim') };
}

describe('loading configuration files', () => {
  it.each([
    ['.uv-shimrc', '{"log": "debug"}'],
    ['.uv-shimrc', 'log: debug\n'],
    ['.uv-shimrc.json', '{"log": "debug"}'],
    ['.uv-shimrc.yaml', 'log: debug\n'],
    ['uv-shim.config.json', '{"log": "debug"}'],
    ['uv-shim.config.mjs', 'export default { log: "debug" };\n'],
    ['uv-shim.config.js', 'export default { log: "debug" };\n'],
    ['pyproject.toml', '[project]\nname = "x"\n\n[tool.uv-shim]\nlog = "debug"\n'],
  ])('reads %s (%j) from a parent directory', async (name, content) => {
    const w = world();
    writeFileSync(join(w.project, name), content);
    const loaded = await loadConfig(w.sub, w.env);
    expect(loaded.problems).toEqual([]);
    expect(loaded.files).toEqual([join(w.project, name)]);
    expect(loaded.config.log).toBe('debug');
  });

  it('takes repairAllow from the user config only, never from a project file', async () => {
    const w = world();
    writeFileSync(join(w.project, '.uv-shimrc.json'), JSON.stringify({ repairAllow: ['/usr/local'], log: 'info' }));
    writeFileSync(join(w.userDir, 'config.json'), JSON.stringify({ repairAllow: ['/opt/pythons'] }));
    const loaded = await loadConfig(w.sub, w.env);
    expect(loaded.config.repairAllow).toEqual(['/opt/pythons']);
    expect(loaded.config.log).toBe('info');
    expect(loaded.problems).toEqual([
      {
        file: join(w.project, '.uv-shimrc.json'),
        key: 'repairAllow',
        message: `is read only from your user config (${w.userDir}/config.*): a project file cannot widen what the shim re-signs`,
      },
    ]);
  });

  it('ignores a pyproject.toml without [tool.uv-shim], so an ordinary project costs no TOML parse', async () => {
    const w = world();
    writeFileSync(join(w.project, 'pyproject.toml'), '[project]\nname = "x"\n[tool.uv]\ndev-dependencies = []\n');
    expect(pyprojectMentionsShim(join(w.project, 'pyproject.toml'))).toBe(false);
    expect(findConfigFiles(w.sub, w.env)).toEqual([]);
  });

  it.each([
    ['[tool.uv-shim]', true],
    ['[tool."uv-shim"]', true],
    ['[tool.uv-shim.hooks]', true],
    ['  [ tool . uv-shim ]', true],
    ['[tool.uv-shimmer]', false],
    ['# [tool.uv-shim] is documented elsewhere', false],
  ])('spots the table header %j: %s', (header, expected) => {
    const w = world();
    const file = join(w.project, 'pyproject.toml');
    writeFileSync(file, `[project]\nname = "x"\n${header}\n`);
    expect(pyprojectMentionsShim(file)).toBe(expected);
  });

  it('layers defaults < user file < project file < UV_SHIM_* and adds hook lists up', async () => {
    const w = world();
    writeFileSync(join(w.userDir, 'config.json'), JSON.stringify({ log: 'info', repair: 'prompt', hooks: { preExec: ['user-hook'] } }));
    writeFileSync(join(w.project, '.uv-shimrc.json'), JSON.stringify({ repair: 'off', hooks: { preExec: ['project-hook'] } }));
    const loaded = await loadConfig(w.sub, { ...w.env, UV_SHIM_LOG: 'silent' });
    expect(loaded.files).toEqual([join(w.userDir, 'config.json'), join(w.project, '.uv-shimrc.json')]);
    expect(loaded.config.log).toBe('silent');
    expect(loaded.config.repair).toBe('off');
    expect(loaded.config.guard).toBe(true);
    expect(loaded.config.hooks.preExec.map((h) => h.name)).toEqual(['user-hook', 'project-hook']);
  });

  it('reads a user-level config.toml at its top level', async () => {
    const w = world();
    writeFileSync(join(w.userDir, 'config.toml'), 'strict = true\n');
    expect((await loadConfig(w.sub, w.env)).config.strict).toBe(true);
  });

  it('turns a file that cannot be parsed into a problem naming the file', async () => {
    const w = world();
    writeFileSync(join(w.project, '.uv-shimrc.json'), '{"log": ');
    const loaded = await loadConfig(w.sub, w.env);
    expect(loaded.problems).toHaveLength(1);
    expect(loaded.problems[0]).toMatchObject({ file: join(w.project, '.uv-shimrc.json'), key: '(file)' });
    expect(loaded.problems[0]!.message).toMatch(/^could not be parsed: /);
  });

  it('gives the same result through the quick path with and without files', async () => {
    const w = world();
    const bare = await loadConfigQuickly(w.sub, { ...w.env, UV_SHIM_STRICT: '1' });
    expect(bare).toEqual(await loadConfig(w.sub, { ...w.env, UV_SHIM_STRICT: '1' }));
    writeFileSync(join(w.project, '.uv-shimrc'), 'guard: false\n');
    expect(await loadConfigQuickly(w.sub, w.env)).toEqual(await loadConfig(w.sub, w.env));
  });
});
