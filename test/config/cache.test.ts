import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, runShim, type Sandbox } from '../helpers/sandbox.js';

const RECORDER = join(import.meta.dirname, '..', 'helpers', 'load-recorder.mjs');

// One `uv --version` with a module-load recorder in the shim's Node: its
// stderr and the npm packages it loaded.
async function run(sb: Sandbox) {
  const log = join(sb.root, 'loads.log');
  writeFileSync(log, '');
  const r = await runShim(sb, 'uv', ['--version'], {
    env: { ...sb.env, UV_SHIM_NODE_OPTIONS: `--import=${RECORDER}`, UV_SHIM_TEST_LOAD_LOG: log },
  });
  expect(r.code).toBe(0);
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  expect(lines.some((l) => l.includes('dist/launch/shim.cjs'))).toBe(true);
  // kleur colours the warnings these files cause on purpose.
  const packages = [...new Set(lines.flatMap((l) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(l)?.[1] ?? []))].filter(
    (p) => p !== 'kleur',
  );
  return { stderr: r.stderr, packages };
}

describe('config files are parsed once per change', () => {
  it.each([
    ['pyproject.toml', (v: string) => `[project]\nname = "x"\n\n[tool.uv-shim]\nrepair = "${v}"\n`, 'smol-toml'],
    ['.uv-shimrc.yaml', (v: string) => `repair: ${v}\n`, 'js-yaml'],
  ])('%s: the parser loads on the first run and after a change, not in between', async (name, content, parser) => {
    const sb = makeSandbox();
    const file = join(sb.work, name);
    // An invalid value shows, on every run, that the file's settings apply.
    writeFileSync(file, content('sometimes'));
    const first = await run(sb);
    expect(first.packages).toEqual([parser]);
    expect(first.stderr).toContain(`${file}: repair: expected one of "auto", "prompt", "off", found "sometimes"`);

    const cached = await run(sb);
    expect(cached.packages).toEqual([]);
    expect(cached.stderr).toBe(first.stderr);

    writeFileSync(file, content('never'));
    const changed = await run(sb);
    expect(changed.packages).toEqual([parser]);
    expect(changed.stderr).toContain('found "never"');
    expect((await run(sb)).packages).toEqual([]);
  });

  it('a pyproject.toml without [tool.uv-shim] costs no parser; one with it is parsed once', async () => {
    const sb = makeSandbox();
    writeFileSync(join(sb.work, 'pyproject.toml'), '[project]\nname = "x"\nversion = "0"\n');
    expect((await run(sb)).packages).toEqual([]);
    writeFileSync(join(sb.work, 'pyproject.toml'), '[project]\nname = "x"\nversion = "0"\n\n[tool.uv-shim]\nlog = "warn"\n');
    expect((await run(sb)).packages).toEqual(['smol-toml']);
    const again = await run(sb);
    expect(again.packages).toEqual([]);
    expect(again.stderr).toBe('');
  });

  it('a cache entry someone forged for another file version is not used', async () => {
    const sb = makeSandbox();
    const file = join(sb.work, '.uv-shimrc.yaml');
    writeFileSync(file, 'repair: sometimes\n');
    await run(sb);
    const cachePath = join(sb.home, '.cache', 'uv-shim', 'config-cache.json');
    const cache = JSON.parse(readFileSync(cachePath, 'utf8'));
    cache.files[file].parsed = { ok: true, value: { repair: 'forged' } };
    cache.files[file].fingerprint = '1:2:3:4:5';
    // The stored load too: its result, said to come from that other version.
    const load = cache.loads[`\n${file}`];
    load.layer.problems = [];
    load.inputs[0].fingerprint = '1:2:3:4:5';
    writeFileSync(cachePath, JSON.stringify(cache));
    const r = await run(sb);
    expect(r.stderr).toContain('found "sometimes"');
    expect(r.packages).toEqual(['js-yaml']);
  });
});
