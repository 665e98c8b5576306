import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uvShim } from '../helpers/cli.js';
import { makeSandbox, runShim, type Sandbox } from '../helpers/sandbox.js';

const RECORDER = join(import.meta.dirname, '..', 'helpers', 'load-recorder.mjs');

// One `uv --version` with a module-load recorder in the shim's Node: its
// stderr, whether it loaded the config loader's chunk, and the npm packages
// it loaded (kleur colours warnings; it is not the question here).
async function run(sb: Sandbox, options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const log = join(sb.root, 'loads.log');
  writeFileSync(log, '');
  const r = await runShim(sb, 'uv', ['--version'], {
    cwd: options.cwd ?? sb.work,
    env: { ...sb.env, ...options.env, UV_SHIM_NODE_OPTIONS: `--import=${RECORDER}`, UV_SHIM_TEST_LOAD_LOG: log },
  });
  expect(r.code).toBe(0);
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  // The recorder works: it saw the shim itself load.
  expect(lines.some((l) => /dist\/launch[^/]*\/shim\.cjs$/.test(l))).toBe(true);
  const packages = [...new Set(lines.flatMap((l) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(l)?.[1] ?? []))].filter((p) => p !== 'kleur');
  return {
    stderr: r.stderr,
    loader: lines.some((l) => /\/config-load-[^/]*\.cjs$/.test(l)),
    stateWriter: lines.some((l) => /\/state-file-[^/]*\.cjs$/.test(l)),
    crypto: lines.includes('builtin crypto'),
    packages,
  };
}

const AS_NOBODY = ['setpriv', '--reuid', 'nobody', '--regid', 'nogroup', '--clear-groups', '--'];
const canSwitchUser = process.getuid?.() === 0 && spawnSync(AS_NOBODY[0]!, [...AS_NOBODY.slice(1), 'true']).status === 0;
const NOBODY = 65534;

// The README's own example table, with a value that is wrong on purpose:
// the warning it causes shows on every run that its settings apply.
const toml = (repair: string) => `[tool.uv-shim]\nrepair = "${repair}"\nguard = true\n`;
const warning = (file: string, repair: string) => `${file}: repair: expected one of "auto", "prompt", "off", found "${repair}"`;

function projectFile(sb: Sandbox, name: string, text: string): string {
  writeFileSync(join(sb.work, name), text);
  return join(sb.work, name);
}

function userFile(sb: Sandbox, name: string, text: string): string {
  const dir = join(sb.home, '.config', 'uv-shim');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), text);
  return join(dir, name);
}

describe('a config file that has not changed costs no loader', () => {
  it.each([
    ['a user config.toml', (sb: Sandbox) => userFile(sb, 'config.toml', `repair = "sometimes"\nguard = true\n`), ['smol-toml']],
    ['a project pyproject.toml', (sb: Sandbox) => projectFile(sb, 'pyproject.toml', toml('sometimes')), ['smol-toml']],
    ['a project .uv-shimrc.json', (sb: Sandbox) => projectFile(sb, '.uv-shimrc.json', '{"repair": "sometimes"}'), []],
  ])('%s: the loader and its parser load on the first run and after a change, neither in between', async (_, write, parser) => {
    const sb = makeSandbox();
    const file = write(sb);
    const first = await run(sb);
    expect(first).toMatchObject({ loader: true, packages: parser });
    expect(first.stderr).toContain(warning(file, 'sometimes'));

    const cached = await run(sb);
    expect(cached).toMatchObject({ loader: false, stateWriter: false, crypto: false, packages: [] });
    expect(cached.stderr).toBe(first.stderr);

    // The same size, and the same mtime put back: ctime and the inode's
    // change still tell the versions apart (src/common/fingerprint.ts).
    const before = statSync(file, { bigint: true });
    const stamp = join(sb.root, 'stamp');
    expect(spawnSync('touch', ['-r', file, stamp]).status).toBe(0);
    writeFileSync(file, readFileSync(file, 'utf8').replace('sometimes', 'otherwise'));
    expect(spawnSync('touch', ['-r', stamp, file]).status).toBe(0);
    expect(statSync(file, { bigint: true })).toMatchObject({ size: before.size, mtimeNs: before.mtimeNs, ino: before.ino });
    const changed = await run(sb);
    expect(changed).toMatchObject({ loader: true, packages: parser });
    expect(changed.stderr).toContain(warning(file, 'otherwise'));
    expect((await run(sb)).loader).toBe(false);
  });

  it('`{}` costs no loader once read, and says nothing', async () => {
    const sb = makeSandbox();
    writeFileSync(join(sb.work, '.uv-shimrc.json'), '{}\n');
    expect((await run(sb)).loader).toBe(true);
    expect(await run(sb)).toMatchObject({ loader: false, stderr: '', packages: [] });
  });

  it('a pyproject.toml longer than the bounded look at its head: read whole once per change, then not at all', async () => {
    const sb = makeSandbox();
    const file = join(sb.work, 'pyproject.toml');
    const deps = Array.from({ length: 5000 }, (_, i) => `  "package-${i} >= 1",\n`).join('');
    const long = `[project]\nname = "x"\nversion = "0"\ndependencies = [\n${deps}]\n`;
    expect(long.length).toBeGreaterThan(64 * 1024);
    writeFileSync(file, long);
    expect(await run(sb)).toMatchObject({ loader: true, packages: [], stderr: '' });
    expect(await run(sb)).toMatchObject({ loader: false, packages: [], stderr: '' });
    // A table past the head is found.
    writeFileSync(file, `${long}\n${toml('sometimes')}`);
    const found = await run(sb);
    expect(found).toMatchObject({ loader: true, packages: ['smol-toml'] });
    expect(found.stderr).toContain(warning(file, 'sometimes'));
    expect((await run(sb)).stderr).toBe(found.stderr);
  });

  it('a file that appears nearer, or further up after a load that looked all the way up, is seen', async () => {
    const sb = makeSandbox();
    const sub = join(sb.work, 'sub');
    mkdirSync(sub);
    userFile(sb, 'config.json', '{"repair": "prompt"}');
    // Looked at and passed over (it has no [tool.uv-shim] table), so the
    // load goes on up to /.
    writeFileSync(join(sub, 'pyproject.toml'), '# no uv-shim settings here\n[project]\nname = "x"\n');
    await run(sb, { cwd: sub });
    expect(await run(sb, { cwd: sub })).toMatchObject({ loader: false, stderr: '' });
    writeFileSync(join(sb.work, '.uv-shimrc.json'), '{"repair": "sometimes"}');
    expect((await run(sb, { cwd: sub })).stderr).toContain(warning(join(sb.work, '.uv-shimrc.json'), 'sometimes'));
    writeFileSync(join(sub, '.uv-shimrc.json'), '{"repair": "otherwise"}');
    const nearer = await run(sb, { cwd: sub });
    expect(nearer.stderr).toContain(warning(join(sub, '.uv-shimrc.json'), 'otherwise'));
    expect(nearer.stderr).not.toContain('sometimes');
    // The parent's file is again the nearest one from the parent directory.
    expect((await run(sb)).stderr).toContain('sometimes');
  });

  it('a change of UV_SHIM_TRUST_PROJECT_CONFIG or of the trust records is not served from a stored load', async () => {
    const sb = makeSandbox();
    const marker = join(sb.root, 'hook-ran');
    const file = join(sb.work, 'pyproject.toml');
    writeFileSync(file, `[tool.uv-shim]\nrepair = "prompt"\nhooks.preExec = ["touch ${marker}"]\n`);
    const held = 'not applying hooks.preExec';
    expect((await run(sb)).stderr).toContain(held);
    const cached = await run(sb);
    expect(cached).toMatchObject({ loader: false });
    expect(cached.stderr).toContain(held);
    const all = await run(sb, { env: { UV_SHIM_TRUST_PROJECT_CONFIG: '1' } });
    expect(all.stderr).not.toContain(held);
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);
    expect((await run(sb)).stderr).toContain(held);
    expect(existsSync(marker)).toBe(false);

    expect((await uvShim(sb, ['trust', file])).code).toBe(0);
    expect((await run(sb)).stderr).not.toContain(held);
    expect(existsSync(marker)).toBe(true);
    rmSync(marker);
    expect((await uvShim(sb, ['untrust', file])).code).toBe(0);
    expect((await run(sb)).stderr).toContain(held);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('what a stored load depended on is checked on every run', () => {
  it('a directory others can now write to: the file is refused at once', async () => {
    const sb = makeSandbox();
    writeFileSync(join(sb.work, '.uv-shimrc.json'), '{"repair": "sometimes"}');
    await run(sb);
    expect((await run(sb)).loader).toBe(false);
    chmodSync(sb.work, 0o777);
    const open = await run(sb);
    expect(open.stderr).toContain(`not reading ${join(sb.work, '.uv-shimrc.json')}`);
    expect(open.stderr).not.toContain('sometimes');
    chmodSync(sb.work, 0o755);
    expect((await run(sb)).stderr).toContain('sometimes');
  });

  it.skipIf(!canSwitchUser)('a file that now belongs to someone else: refused at once', async () => {
    const sb = makeSandbox();
    const file = join(sb.work, '.uv-shimrc.json');
    writeFileSync(file, '{"repair": "sometimes"}');
    await run(sb);
    chownSync(file, NOBODY, NOBODY);
    const r = await run(sb);
    expect(r.stderr).toContain(`not reading ${file}: it belongs to uid ${NOBODY}`);
    expect(r.stderr).not.toContain('sometimes');
  });

  it.skipIf(!canSwitchUser)('a cache file another user owns, or one cut short, is not read: the loader looks again', async () => {
    const sb = makeSandbox();
    writeFileSync(join(sb.work, '.uv-shimrc.json'), '{"repair": "sometimes"}');
    const first = await run(sb);
    const cache = join(sb.home, '.cache', 'uv-shim', 'config-cache.json');
    const text = readFileSync(cache, 'utf8');
    chownSync(cache, NOBODY, NOBODY);
    expect(await run(sb)).toMatchObject({ loader: true, stderr: first.stderr });
    chownSync(cache, 0, 0);
    writeFileSync(cache, text.slice(0, text.length / 2));
    expect(await run(sb)).toMatchObject({ loader: true, stderr: first.stderr });
    expect(await run(sb)).toMatchObject({ loader: false, stderr: first.stderr });
  });

  it('a config file that is a link is looked at by the loader every time', async () => {
    const sb = makeSandbox();
    const target = join(sb.root, 'elsewhere.json');
    writeFileSync(target, '{"repair": "sometimes"}');
    symlinkSync(target, join(sb.work, '.uv-shimrc.json'));
    const first = await run(sb);
    expect(first.stderr).toContain('sometimes');
    expect(await run(sb)).toMatchObject({ loader: true, stderr: first.stderr });
    chmodSync(sb.root, 0o777);
    expect((await run(sb)).stderr).toContain(`not reading ${join(sb.work, '.uv-shimrc.json')}`);
  });
});
