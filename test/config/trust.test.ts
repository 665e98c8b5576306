import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uvShim } from '../helpers/cli.js';
import { makeSandbox, runShim, type Sandbox } from '../helpers/sandbox.js';

// A project file whose pre-exec hook leaves a marker (what it echoed), and
// a harmless setting beside it.
function project(sb: Sandbox, name = '.uv-shimrc.json') {
  const marker = join(sb.root, 'hook-ran');
  const file = join(sb.work, name);
  const write = (hook: string) => writeFileSync(file, JSON.stringify({ hooks: { preExec: [`${hook} > ${marker}`] }, repair: 'off' }));
  write('echo one');
  const ran = () => {
    const text = existsSync(marker) ? readFileSync(marker, 'utf8').trim() : undefined;
    rmSync(marker, { force: true });
    return text;
  };
  return { file, marker, write, ran };
}

describe('trusting project files', () => {
  it('holds back an untrusted hook, names it and the exact command that trusts it, and uv runs', async () => {
    const sb = makeSandbox();
    const p = project(sb);
    const r = await runShim(sb, 'uv', ['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toMatch(/^uv \d/);
    expect(p.ran()).toBeUndefined();
    expect(r.stderr).toBe(`uv-shim: not applying hooks.preExec from ${p.file} until you trust it: uv-shim trust ${p.file}\n`);
  });

  it('runs the hook after `uv-shim trust`, and again not after the file changes, until trusted again', async () => {
    const sb = makeSandbox();
    const p = project(sb);
    const t = await uvShim(sb, ['trust']);
    expect(t.code).toBe(0);
    expect(t.stdout.toString()).toContain(`trusted ${p.file}`);
    expect(t.stdout.toString()).toContain('hooks.preExec: echo one');

    expect((await runShim(sb, 'uv', ['--version'])).stderr).toBe('');
    expect(p.ran()).toBe('one');

    p.write('echo two');
    const changed = await runShim(sb, 'uv', ['--version']);
    expect(changed.code).toBe(0);
    expect(p.ran()).toBeUndefined();
    expect(changed.stderr).toContain(`from ${p.file} (it changed since you trusted it) until you trust it: uv-shim trust ${p.file}`);

    expect((await uvShim(sb, ['trust', p.file])).code).toBe(0);
    await runShim(sb, 'uv', ['--version']);
    expect(p.ran()).toBe('two');
  });

  it('takes the trust back with `uv-shim untrust`', async () => {
    const sb = makeSandbox();
    const p = project(sb);
    expect((await uvShim(sb, ['trust'])).code).toBe(0);
    await runShim(sb, 'uv', ['--version']);
    expect(p.ran()).toBe('one');
    const u = await uvShim(sb, ['untrust']);
    expect(u.code).toBe(0);
    expect(u.stdout.toString()).toContain(`untrusted ${p.file}`);
    const r = await runShim(sb, 'uv', ['--version']);
    expect(p.ran()).toBeUndefined();
    expect(r.stderr).toContain('until you trust it');
  });

  it('records trust by real path: trusting through a link trusts the file, a copy elsewhere is not trusted', async () => {
    const sb = makeSandbox();
    const p = project(sb);
    const elsewhere = join(sb.root, 'elsewhere');
    mkdirSync(elsewhere);
    symlinkSync(sb.work, join(sb.root, 'link'));
    expect((await uvShim(sb, ['trust', join(sb.root, 'link', '.uv-shimrc.json')])).code).toBe(0);
    await runShim(sb, 'uv', ['--version']);
    expect(p.ran()).toBe('one');
    writeFileSync(join(elsewhere, '.uv-shimrc.json'), readFileSync(p.file));
    const copy = await runShim(sb, 'uv', ['--version'], { cwd: elsewhere });
    expect(p.ran()).toBeUndefined();
    expect(copy.stderr).toContain(`uv-shim trust ${join(elsewhere, '.uv-shimrc.json')}`);
  });

  it.each([
    ['UV_SHIM_TRUST_PROJECT_CONFIG=1', (sb: Sandbox) => ({ ...sb.env, UV_SHIM_TRUST_PROJECT_CONFIG: '1' })],
    ['trustProjectConfig in the user config', (sb: Sandbox) => {
      mkdirSync(join(sb.home, '.config', 'uv-shim'), { recursive: true });
      writeFileSync(join(sb.home, '.config', 'uv-shim', 'config.yaml'), 'trustProjectConfig: true\n');
      return sb.env;
    }],
  ])('trusts every project file with %s', async (_, setup) => {
    const sb = makeSandbox();
    const p = project(sb);
    const r = await runShim(sb, 'uv', ['--version'], { env: setup(sb) });
    expect(r.stderr).toBe('');
    expect(p.ran()).toBe('one');
  });

  it('does not let a project file trust itself', async () => {
    const sb = makeSandbox();
    const p = project(sb);
    writeFileSync(p.file, JSON.stringify({ trustProjectConfig: true, hooks: { preExec: [`echo self > ${p.marker}`] } }));
    const r = await runShim(sb, 'uv', ['--version']);
    expect(r.code).toBe(0);
    expect(p.ran()).toBeUndefined();
    expect(r.stderr).toContain(`${p.file}: trustProjectConfig: is read from your user config only`);
  });

  it('never writes the trust record through a link planted in the state directory', async () => {
    const sb = makeSandbox();
    project(sb);
    const state = join(sb.home, '.cache', 'uv-shim');
    mkdirSync(state, { recursive: true, mode: 0o700 });
    const victim = join(sb.root, 'victim');
    writeFileSync(victim, 'untouched\n');
    symlinkSync(victim, join(state, 'trust.json'));
    expect((await uvShim(sb, ['trust'])).code).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('untouched\n');
    expect(JSON.parse(readFileSync(join(state, 'trust.json'), 'utf8')).files).toHaveProperty([join(sb.work, '.uv-shimrc.json')]);
  });

  it('says what is wrong when the path named does not exist', async () => {
    const sb = makeSandbox();
    const gone = join(sb.work, 'no-such.json');
    const r = await uvShim(sb, ['trust', gone]);
    expect({ code: r.code, stdout: r.stdout.length }).toEqual({ code: 1, stdout: 0 });
    expect(r.stderr).toBe(
      `uv-shim trust: error: ${gone} does not exist.\n\nName a project config file, or a directory it applies in. Run \`uv-shim help trust\` for more.\n`,
    );
  });

  it('refuses a file that does not parse, and says so', async () => {
    const sb = makeSandbox();
    const file = join(sb.work, '.uv-shimrc.json');
    writeFileSync(file, '{ "repair": ');
    const r = await uvShim(sb, ['trust', file]);
    expect({ code: r.code, stdout: r.stdout.length }).toEqual({ code: 1, stdout: 0 });
    expect(r.stderr).toMatch(new RegExp(`^uv-shim trust: error: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON: .+\\.\\n\\nFix the file first, then trust it\\.\\n$`));
  });

  it('says what is wrong when there is nothing to trust', async () => {
    const sb = makeSandbox();
    const r = await uvShim(sb, ['trust']);
    expect(r.code).toBe(1);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toBe(
      `uv-shim trust: error: no project config file applies in ${sb.work} (looked there and in its parents).\n\n` +
        'Name the file, or run this in the project. Run `uv-shim help trust` for more.\n',
    );
  });
});
