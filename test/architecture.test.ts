import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// docs/architecture.md, "Folders, and what each may import": folders import
// downward only. The layers from the top; a module may import its own
// layer's modules and any layer below it, never one above. Biome refuses
// module cycles; this refuses the upward edges that make no cycle (yet).
const LAYERS: readonly (readonly string[])[] = [
  ['bin'],
  ['commands'],
  // The pipeline, and the list of built-in features it runs.
  ['shim'],
  // The features, in the order they read each other.
  ['explain'],
  ['first-run'],
  ['native'],
  ['guard'],
  // The hook contract and runner, which every feature implements.
  ['hooks'],
  ['errors.ts', 'failure-text.ts'],
  ['uv'],
  ['config'],
  ['darwin'],
  ['common', 'log.ts', 'paths.ts', 'platform.ts', 'package-root.ts', 'state-file.ts', 'state-read.ts', 'bounded-read.ts'],
];

// Upward imports that are known and named in docs/architecture.md, each to
// be moved by its folder's owner. The list may only shrink: a new upward
// import fails, and so does an entry that no longer exists.
const KNOWN_UPWARD: readonly string[] = [
  // What the launcher saw (which signals the caller ignored, raw bytes) and
  // how a child gets it back: process mechanics the launch step sets up and
  // hooks reuse for the commands they run; they belong below hooks.
  'hooks/command-hook.ts -> shim/launch-state.ts',
  'hooks/command-hook.ts -> shim/trampoline.ts',
  'hooks/types.ts -> shim/launch-state.ts',
  // Which native files a command maps: first-run's count and native's check share it.
  'native/native-check.ts -> first-run/native-files.ts',
];

const SRC = resolve(import.meta.dirname, '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

// The layer of a file under src/ (its top folder, or the file itself at the top).
function layerOf(path: string): number {
  const top = path.split('/')[0]!;
  const layer = LAYERS.findIndex((names) => names.includes(top));
  if (layer === -1) throw new Error(`${path}: not in any layer; add its folder to LAYERS and to docs/architecture.md`);
  return layer;
}

// Every relative import of each module (static, `import type`, re-exports
// and `import()`), as `from -> to` paths under src/.
function edges(): { from: string; to: string }[] {
  return sources(SRC).flatMap((file) => {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    return importedFiles
      .filter((i) => i.fileName.startsWith('.'))
      .map((i) => ({ from: relative(SRC, file), to: relative(SRC, resolve(dirname(file), i.fileName)).replace(/\.js$/, '.ts') }));
  });
}

// The edges that go to a layer above their own.
function upward(list: readonly { from: string; to: string }[]): string[] {
  return list.filter((e) => layerOf(e.to) < layerOf(e.from)).map((e) => `${e.from} -> ${e.to}`);
}

describe('folders import downward', () => {
  it('finds an upward import when there is one (positive control)', () => {
    expect(upward([{ from: 'uv/model.ts', to: 'commands/doctor.ts' }, { from: 'commands/doctor.ts', to: 'uv/model.ts' }])).toEqual([
      'uv/model.ts -> commands/doctor.ts',
    ]);
    expect(upward([{ from: 'hooks/run-hooks.ts', to: 'guard/hook.ts' }])).toHaveLength(1);
  });

  it('sees every kind of import, dynamic ones and type-only ones included', () => {
    const all = edges().map((e) => `${e.from} -> ${e.to}`);
    expect(all).toContain('shim/builtin-hooks.ts -> guard/hook.ts');
    expect(all).toContain('hooks/types.ts -> uv/command.ts');
    expect(all).toContain('commands/load.ts -> commands/doctor.ts');
  });

  it('has no upward import in src/ beyond the known ones', () => {
    expect([...new Set(upward(edges()))].sort()).toEqual([...KNOWN_UPWARD].sort());
  });

  it('places every file of src/ in a layer', () => {
    for (const file of sources(SRC)) expect(() => layerOf(relative(SRC, file))).not.toThrow();
  });
});
