import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, runShim, type Sandbox } from '../helpers/sandbox.js';

const RECORDER = join(import.meta.dirname, '..', 'helpers', 'load-recorder.mjs');
const HEAVY = ['execa', 'js-yaml', 'smol-toml', 'lru-cache', 'which', 'kleur'];

// Runs the shim with a module-load recorder preloaded into its Node process
// (UV_SHIM_NODE_OPTIONS: the launcher keeps the caller's NODE_OPTIONS for uv)
// and returns the npm packages it loaded.
async function packagesLoaded(sb: Sandbox, args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const log = join(sb.root, 'loads.log');
  writeFileSync(log, '');
  const r = await runShim(sb, 'uv', args, {
    env: { ...sb.env, ...extraEnv, UV_SHIM_NODE_OPTIONS: `--import=${RECORDER}`, UV_SHIM_TEST_LOAD_LOG: log },
  });
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const packages = new Set(lines.flatMap((l) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(l)?.[1] ?? []));
  return { r, lines, packages };
}

describe('the everyday path stays light', () => {
  it('loads no npm package for `uv --version` with no config file', async () => {
    const sb = makeSandbox();
    const { r, lines, packages } = await packagesLoaded(sb, ['--version']);
    expect(r.code).toBe(0);
    // The recorder saw the shim itself load (it works), and nothing heavy.
    expect(lines.some((l) => /dist\/launch[^/]*\/shim\.cjs$/.test(l))).toBe(true);
    expect([...packages]).toEqual([]);
  });

  it('loads the hook runner only when a hook exists, and no npm package to spawn it', async () => {
    const sb = makeSandbox();
    const runner = (lines: string[]) => lines.some((l) => /\/run-hooks-[^/]*\.cjs$/.test(l));
    const without = await packagesLoaded(sb, ['--version']);
    expect(runner(without.lines)).toBe(false);
    writeFileSync(join(sb.work, '.uv-shimrc.json'), JSON.stringify({ hooks: { preExec: ['true'] } }));
    const { r, lines, packages } = await packagesLoaded(sb, ['--version'], { UV_SHIM_TRUST_PROJECT_CONFIG: '1' });
    expect(r.code).toBe(0);
    // The recorder sees the hook runner load: it would see execa.
    expect(runner(lines)).toBe(true);
    expect(packages.has('execa')).toBe(false);
  });

  it('reads a config file it has read before without node:crypto or a parser', async () => {
    const sb = makeSandbox();
    writeFileSync(join(sb.work, '.uv-shimrc.yaml'), 'log: warn\n');
    const builtins = (lines: string[]) => lines.flatMap((l) => /^builtin (.+)$/.exec(l)?.[1] ?? []);
    // The first read hashes and parses the file: the recorder sees both.
    const first = await packagesLoaded(sb, ['--version']);
    expect(first.r.code).toBe(0);
    expect(builtins(first.lines)).toContain('crypto');
    expect(first.packages.has('js-yaml')).toBe(true);
    const { r, lines, packages } = await packagesLoaded(sb, ['--version']);
    expect(r.code).toBe(0);
    expect(builtins(lines)).toContain('child_process');
    expect(builtins(lines)).not.toContain('crypto');
    expect([...packages]).toEqual([]);
  });

  it('does not load the config loader for a pyproject.toml that does not configure the shim', async () => {
    const sb = makeSandbox();
    const loader = (lines: string[]) => lines.some((l) => /\/config-load-[^/]*\.cjs$/.test(l));
    writeFileSync(join(sb.work, 'pyproject.toml'), '[project]\nname = "x"\nversion = "0"\n\n[tool.uv]\npackage = false\n');
    const plain = await packagesLoaded(sb, ['--version']);
    expect(plain.r.code).toBe(0);
    expect(loader(plain.lines)).toBe(false);
    // The table's name spelled with a TOML escape still configures the shim:
    // such a file goes to the loader, and its setting applies.
    writeFileSync(join(sb.work, 'pyproject.toml'), '[project]\nname = "x"\nversion = "0"\n\n[tool."uv\\u002Dshim"]\nlog = "debug"\n');
    const escaped = await packagesLoaded(sb, ['--version']);
    expect(escaped.r.code).toBe(0);
    expect(loader(escaped.lines)).toBe(true);
    expect(escaped.r.stderr).toContain(`config: ${join(sb.work, 'pyproject.toml')}`);
  });

  it('loads only kleur, for its messages, when UV_SHIM_LOG=debug', async () => {
    const sb = makeSandbox();
    const { r, packages } = await packagesLoaded(sb, ['--version'], { UV_SHIM_LOG: 'debug' });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('resolve real uv');
    expect([...packages].filter((p) => HEAVY.includes(p))).toEqual(['kleur']);
  });
});
