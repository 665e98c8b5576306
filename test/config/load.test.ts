import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
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
    ['.uv-shimrc.yml', 'log: debug\n'],
    ['uv-shim.config.json', '{"log": "debug"}'],
    ['pyproject.toml', '[project]\nname = "x"\n\n[tool.uv-shim]\nlog = "debug"\n'],
  ])('reads %s (%j) from a parent directory', async (name, content) => {
    const w = world();
    writeFileSync(join(w.project, name), content);
    const loaded = await loadConfig(w.sub, w.env);
    expect(loaded.problems).toEqual([]);
    expect(loaded.notices).toEqual([]);
    expect(loaded.files).toEqual([join(w.project, name)]);
    expect(loaded.config.log).toBe('debug');
  });

  it.each([
    ['uv-shim.config.mjs', 'export default { log: "debug" };\n'],
    ['uv-shim.config.js', 'export default { log: "debug" };\n'],
  ])('runs a trusted JavaScript file %s', async (name, content) => {
    const w = world();
    writeFileSync(join(w.project, name), content);
    const loaded = await loadConfig(w.sub, { ...w.env, UV_SHIM_TRUST_PROJECT_CONFIG: '1' });
    expect(loaded.problems).toEqual([]);
    expect(loaded.reports).toEqual([{ path: join(w.project, name), scope: 'project', status: 'read', trust: 'trusted-by-setting', skipped: [] }]);
    expect(loaded.config.log).toBe('debug');
  });

  it('does not run an untrusted JavaScript project file, and says so', async () => {
    const w = world();
    const file = join(w.project, 'uv-shim.config.mjs');
    const marker = join(w.root, 'ran');
    writeFileSync(file, `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, '');\nexport default { log: "debug" };\n`);
    const loaded = await loadConfig(w.sub, w.env);
    expect(loaded.config.log).toBe('warn');
    expect(loaded.notices).toEqual([{ kind: 'untrusted', file, skipped: ['the whole file'], javascript: true, changed: false }]);
    const { existsSync } = await import('node:fs');
    expect(existsSync(marker)).toBe(false);
  });

  it('takes repairAllow and trustProjectConfig from the user config only, never from a project file', async () => {
    const w = world();
    const project = join(w.project, '.uv-shimrc.json');
    writeFileSync(project, JSON.stringify({ repairAllow: ['/usr/local'], trustProjectConfig: true, log: 'info' }));
    writeFileSync(join(w.userDir, 'config.json'), JSON.stringify({ repairAllow: ['/opt/pythons'] }));
    const loaded = await loadConfig(w.sub, w.env);
    expect(loaded.config.repairAllow).toEqual(['/opt/pythons']);
    expect(loaded.config.trustProjectConfig).toBe(false);
    expect(loaded.config.log).toBe('info');
    expect(loaded.problems.map((p) => [p.file, p.key])).toEqual([
      [project, 'repairAllow'],
      [project, 'trustProjectConfig'],
    ]);
  });

  it.each([
    ['[tool.uv-shim]\nlog = "debug"\n'],
    ['[tool."uv-shim"]\nlog = "debug"\n'],
    // A byte scan for the header missed these two.
    ['[tool]\nuv-shim = { log = "debug" }\n'],
    ['tool.uv-shim.log = "debug"\n'],
    [`[project]\ndescription = "${'x'.repeat(300 * 1024)}"\n\n[tool.uv-shim]\nlog = "debug"\n`],
  ])('finds [tool.uv-shim] however pyproject.toml spells it: %#', async (toml) => {
    const w = world();
    writeFileSync(join(w.project, 'pyproject.toml'), toml);
    const loaded = await loadConfig(w.sub, w.env);
    expect(loaded.problems).toEqual([]);
    expect(loaded.config.log).toBe('debug');
  });

  it.each([
    ['[project]\nname = "x"\n[tool.uv]\ndev-dependencies = []\n'],
    ['[tool.uv-shimmer]\nlog = "debug"\n'],
    ['# [tool.uv-shim]\n# log = "debug"\n'],
    ['s = """\n[tool.uv-shim]\nlog = "debug"\n"""\n'],
  ])('passes over a pyproject.toml without [tool.uv-shim] to the next file up: %#', async (toml) => {
    const w = world();
    writeFileSync(join(w.project, 'src', 'pyproject.toml'), toml);
    writeFileSync(join(w.project, '.uv-shimrc.json'), '{"log": "info"}');
    const loaded = await loadConfig(w.sub, w.env);
    expect(loaded.files).toEqual([join(w.project, '.uv-shimrc.json')]);
    expect(loaded.config.log).toBe('info');
  });

  it('layers defaults < user file < project file < UV_SHIM_* and adds hook lists up', async () => {
    const w = world();
    writeFileSync(join(w.userDir, 'config.json'), JSON.stringify({ log: 'info', repair: 'prompt', hooks: { preExec: ['user-hook'] } }));
    writeFileSync(join(w.project, '.uv-shimrc.json'), JSON.stringify({ repair: 'off', hooks: { preExec: ['project-hook'] } }));
    const loaded = await loadConfig(w.sub, { ...w.env, UV_SHIM_LOG: 'silent', UV_SHIM_TRUST_PROJECT_CONFIG: 'yes' });
    expect(loaded.files).toEqual([join(w.userDir, 'config.json'), join(w.project, '.uv-shimrc.json')]);
    expect(loaded.config.log).toBe('silent');
    expect(loaded.config.repair).toBe('off');
    expect(loaded.config.guard).toBe(true);
    expect(loaded.config.hooks.preExec.map((h) => h.name)).toEqual(['user-hook', 'project-hook']);
  });

  it('trusts project files wholesale when the user config says trustProjectConfig', async () => {
    const w = world();
    writeFileSync(join(w.userDir, 'config.json'), JSON.stringify({ trustProjectConfig: true }));
    writeFileSync(join(w.project, '.uv-shimrc.json'), JSON.stringify({ hooks: { preExec: ['project-hook'] }, explainFile: 'x.json' }));
    const loaded = await loadConfig(w.sub, w.env);
    expect(loaded.notices).toEqual([]);
    expect(loaded.config.hooks.preExec.map((h) => h.name)).toEqual(['project-hook']);
    expect(loaded.config.explainFile).toBe('x.json');
  });

  it('applies the harmless settings of an untrusted project file and holds back hooks and explainFile', async () => {
    const w = world();
    const file = join(w.project, 'pyproject.toml');
    writeFileSync(file, '[tool.uv-shim]\nlog = "info"\nexplainFile = "/tmp/x.json"\nhooks.preExec = ["id > pwned"]\n');
    const loaded = await loadConfig(w.sub, w.env);
    expect(loaded.config.log).toBe('info');
    expect(loaded.config.hooks.preExec).toEqual([]);
    expect(loaded.config.explainFile).toBeUndefined();
    expect(loaded.notices).toEqual([{ kind: 'untrusted', file, skipped: ['explainFile', 'hooks.preExec'], javascript: false, changed: false }]);
  });

  it('looks up no trust for a project file that sets nothing needing it', async () => {
    const w = world();
    writeFileSync(join(w.project, '.uv-shimrc.json'), '{"log": "info"}');
    const loaded = await loadConfig(w.sub, w.env);
    expect(loaded.reports).toEqual([{ path: join(w.project, '.uv-shimrc.json'), scope: 'project', status: 'read', trust: 'not-needed', skipped: [] }]);
  });

  it('reads a user-level config.toml at its top level, and runs the user\'s own hooks without trust', async () => {
    const w = world();
    writeFileSync(join(w.userDir, 'config.toml'), 'strict = true\nhooks.preExec = ["mine"]\n');
    const loaded = await loadConfig(w.sub, w.env);
    expect(loaded.config.strict).toBe(true);
    expect(loaded.config.hooks.preExec.map((h) => h.name)).toEqual(['mine']);
    expect(loaded.reports[0]).toMatchObject({ scope: 'user', trust: 'user' });
  });

  it.each([
    ['', 'empty HOME'],
    ['relative/home', 'relative HOME'],
  ])('takes no user config from the working directory with %j (%s)', async (home) => {
    const w = world();
    // What a relative base would resolve to from the project directory.
    mkdirSync(join(w.project, '.config', 'uv-shim'), { recursive: true });
    writeFileSync(join(w.project, '.config', 'uv-shim', 'config.json'), JSON.stringify({ repairAllow: ['/usr/local'] }));
    mkdirSync(join(w.project, 'relative', 'home', '.config', 'uv-shim'), { recursive: true });
    writeFileSync(join(w.project, 'relative', 'home', '.config', 'uv-shim', 'config.json'), JSON.stringify({ repairAllow: ['/usr'] }));
    const previous = process.cwd();
    process.chdir(w.project);
    onTestFinished(() => process.chdir(previous));
    for (const env of [{ HOME: home }, { HOME: home, XDG_CONFIG_HOME: '.config' }]) {
      const loaded = await loadConfig(w.project, env);
      expect(loaded.config.repairAllow).toEqual([]);
      expect(loaded.reports).toEqual([]);
    }
  });

  it('turns a file that cannot be parsed into a problem naming the file, line and column', async () => {
    const w = world();
    writeFileSync(join(w.project, '.uv-shimrc.json'), '{\n  "log": "info",\n  "guard": tru\n}\n');
    const loaded = await loadConfig(w.sub, w.env);
    expect(loaded.problems).toEqual([
      { file: join(w.project, '.uv-shimrc.json'), key: '(file)', line: 3, column: 12, message: expect.stringMatching(/^is not valid JSON: /) },
    ]);
  });

  it('gives the same result through the quick path with and without files', async () => {
    const w = world();
    const bare = await loadConfigQuickly(w.sub, { ...w.env, UV_SHIM_STRICT: '1' });
    expect(bare).toEqual(await loadConfig(w.sub, { ...w.env, UV_SHIM_STRICT: '1' }));
    writeFileSync(join(w.project, '.uv-shimrc'), 'guard: false\n');
    expect(await loadConfigQuickly(w.sub, w.env)).toEqual(await loadConfig(w.sub, w.env));
  });
});
