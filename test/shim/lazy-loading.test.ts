import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, runReal, runShim, type Sandbox } from '../helpers/sandbox.js';

const RECORDER = join(import.meta.dirname, '..', 'helpers', 'load-recorder.mjs');
const HEAVY = ['execa', 'js-yaml', 'smol-toml', 'lru-cache', 'which', 'kleur'];
// Functions that only a failure (its words), a config problem or a macOS
// tool needs: none is in a chunk the everyday path loads.
const RARE = ['describeFailure', 'formatProblem', 'runTool'];

// Runs the shim with a module-load recorder preloaded into its Node process
// (UV_SHIM_NODE_OPTIONS: the launcher keeps the caller's NODE_OPTIONS for uv)
// and returns the npm packages it loaded.
async function packagesLoaded(sb: Sandbox, args: string[], extraEnv: NodeJS.ProcessEnv = {}, cwd = sb.work) {
  const log = join(sb.root, 'loads.log');
  writeFileSync(log, '');
  const r = await runShim(sb, 'uv', args, {
    cwd,
    env: { ...sb.env, ...extraEnv, UV_SHIM_NODE_OPTIONS: `--import=${RECORDER}`, UV_SHIM_TEST_LOAD_LOG: log },
  });
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
  const packages = new Set(lines.flatMap((l) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(l)?.[1] ?? []));
  return { r, lines, packages };
}

// The source modules inside the chunks of the build a run loaded: the
// bundler heads each module's code with a `// dist/<path>.js` line.
function sourcesLoaded(lines: string[]): Set<string> {
  const chunks = lines.flatMap((l) => /^cjs (.*\/dist\/launch[^/]*\/[^/]+\.cjs)$/.exec(l)?.[1] ?? []);
  return new Set(
    [...new Set(chunks)].flatMap((chunk) => [...readFileSync(chunk, 'utf8').matchAll(/^\/\/ dist\/(\S+)\.js$/gm)].map((m) => m[1]!)),
  );
}

// The top-level functions in the chunks of the build a run loaded (the
// bundle keeps their names; a chunk of one module has no `// dist/` line).
function functionsLoaded(lines: string[]): Set<string> {
  const chunks = lines.flatMap((l) => /^cjs (.*\/dist\/launch[^/]*\/[^/]+\.cjs)$/.exec(l)?.[1] ?? []);
  return new Set(
    [...new Set(chunks)].flatMap((chunk) => [...readFileSync(chunk, 'utf8').matchAll(/^(?:async )?function\*? ?([\w$]+)\(/gm)].map((m) => m[1]!)),
  );
}

// A project uv has synced, in a sandbox of its own.
async function syncedProject(sb: Sandbox): Promise<string> {
  const project = join(sb.work, 'project');
  expect((await runReal(sb, 'uv', ['init', '--quiet', '--no-workspace', '--vcs', 'none', project])).code).toBe(0);
  expect((await runReal(sb, 'uv', ['sync', '--quiet'], { cwd: project })).code).toBe(0);
  return project;
}

describe('the everyday path stays light', () => {
  it('loads no npm package for `uv --version` with no config file', async () => {
    const sb = makeSandbox();
    const { r, lines, packages } = await packagesLoaded(sb, ['--version']);
    expect(r.code).toBe(0);
    // The recorder saw the shim itself load (it works), and nothing heavy.
    expect(lines.some((l) => /dist\/launch[^/]*\/shim\.cjs$/.test(l))).toBe(true);
    expect([...packages]).toEqual([]);
    // Nor the words of failures, of config problems, or macOS's tools; no
    // chunk but the entry at all.
    const functions = functionsLoaded(lines);
    expect(functions.has('launch')).toBe(true);
    expect(RARE.filter((f) => functions.has(f))).toEqual([]);
    expect(lines.filter((l) => /dist\/launch[^/]*\/(?!shim\.cjs)[^/]+\.cjs$/.test(l))).toEqual([]);
  });

  it('loads the words of a failure only when one happens', async () => {
    const sb = makeSandbox();
    // The shim fails before it would start uv and words the failure: the
    // positive control of the test above.
    const failed = await packagesLoaded(sb, ['--version'], { UV_SHIM_REAL_UV: join(sb.root, 'no-such-uv') });
    expect(failed.r.code).toBe(127);
    expect(failed.r.stderr).toContain('UV_SHIM_REAL_UV names');
    expect(functionsLoaded(failed.lines).has('describeFailure')).toBe(true);
    // A config problem is worded by its own chunk, loaded only then.
    writeFileSync(join(sb.work, '.uv-shimrc.json'), '{"log": "loud"}');
    const strict = await packagesLoaded(sb, ['--version'], { UV_SHIM_STRICT: '1' });
    expect(strict.r.code).toBe(78);
    expect(strict.r.stderr).toContain('log: expected one of');
    expect([...functionsLoaded(strict.lines)]).toEqual(expect.arrayContaining(['describeFailure', 'formatProblem']));
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
    // The recorder saw the built-ins (at exit, or just before an exec of uv).
    expect(builtins(lines)).toContain('fs');
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

  it('loads no hook code, guard or explanation for `uv run` and `uv sync` in a project on Linux', async () => {
    const sb = makeSandbox();
    const project = await syncedProject(sb);
    for (const args of [['run', 'python', '-c', '1'], ['sync', '--quiet'], ['pip', 'list', '--quiet']]) {
      const { r, lines, packages } = await packagesLoaded(sb, args, {}, project);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stderr).toBe('');
      // The entry's bundle and no chunk loaded lazily: no hook runner, no
      // guard, no model of uv, no explanation.
      expect(lines.filter((l) => /dist\/launch[^/]*\/(?!shim\.cjs)[^/]+\.cjs$/.test(l))).toEqual([]);
      expect([...packages]).toEqual([]);
    }
    // The positive control: a program killed by SIGKILL loads the explanation,
    // and it still has the OOM counter from before uv ran.
    const killed = await packagesLoaded(sb, ['run', 'python', '-c', 'import os; os.kill(os.getpid(), 9)'], {}, project);
    expect(killed.r.code).toBe(137);
    expect(killed.r.stderr).toMatch(/oom_kill stayed at \d+|Whether a memory limit was hit is unknown/);
    expect([...sourcesLoaded(killed.lines)]).toEqual(expect.arrayContaining(['hooks/run-hooks', 'explain/hook', 'explain/explain-exit']));
  });

  it('loads the guard but no explanation for a warm `uv run` under macOS rules', async () => {
    const sb = makeSandbox();
    const project = await syncedProject(sb);
    const mac = { UV_SHIM_PLATFORM: 'darwin' };
    // The first run checks the interpreter cold and remembers the verdict.
    expect((await packagesLoaded(sb, ['run', 'python', '-c', '1'], mac, project)).r.code).toBe(0);
    const { r, lines, packages } = await packagesLoaded(sb, ['run', 'python', '-c', '1'], mac, project);
    expect(r.code).toBe(0);
    const sources = sourcesLoaded(lines);
    expect([...sources]).toEqual(expect.arrayContaining(['guard/hook', 'guard/check']));
    expect([...sources].filter((m) => /^explain\/(hook|explain-exit|evidence)/.test(m))).toEqual([]);
    expect([...packages]).toEqual([]);
  });
});
