import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it, onTestFinished } from 'vitest';
import { readPyproject, scanPyproject, type PyprojectFacts } from '../../src/uv/pyproject.js';

// What a full TOML parse says, for comparing the scanner with.
function parsed(text: string): Omit<PyprojectFacts, 'invalid'> {
  interface Doc {
    project?: { 'requires-python'?: string };
    tool?: { uv?: { managed?: boolean; workspace?: { members?: string[]; exclude?: string[] } } };
  }
  const doc = parse(text) as Doc;
  const ws = doc.tool?.uv?.workspace;
  return {
    hasProject: doc.project !== undefined,
    requiresPython: doc.project?.['requires-python'] ?? null,
    workspace: ws ? { members: ws.members ?? [], exclude: ws.exclude ?? [] } : null,
    managed: doc.tool?.uv?.managed !== false,
  };
}

// pyproject.toml files as projects write them (shapes from uv's own docs
// and test suites, trimmed).
const SCANNED = [
  ['a plain project', '[project]\nname = "x"\nversion = "0.1.0"\nrequires-python = ">=3.11"\ndependencies = ["numpy>=2", "rich"]\n'],
  ['a workspace root that is a project', '[project]\nname = "albatross"\nrequires-python = \'>=3.12\'\n\n[tool.uv.workspace]\nmembers = ["packages/*", "libs/*"]\nexclude = ["packages/seeds"]\n'],
  ['a virtual workspace root', '[tool.uv.workspace]\nmembers = [\n  "packages/*", # every package\n  "tools/cli",\n]\n'],
  ['comments and strings that look like tables', '# [tool.uv.workspace]\n[project]\nname = "x" # [tool.uv.workspace]\ndescription = "see [tool.uv.workspace]"\nrequires-python = ">=3.9" # the floor\n'],
  ['dotted keys under [tool]', '[project]\nname = "x"\n[tool]\nuv.managed = false\n'],
  ['an unmanaged project', '[project]\nname = "x"\n[tool.uv]\nmanaged = false\ndev-dependencies = ["pytest"]\n'],
  ['a bare file with dependency groups', '[dependency-groups]\ndev = ["pytest"]\n'],
  ['project tables only as subtables', '[project.urls]\nHomepage = "https://example.org"\n[[tool.hatch.envs]]\nx = 1\n'],
  ['a dotted workspace key at the root', 'tool.uv.workspace.members = ["a/*"]\n'],
  ['a multi-line string elsewhere', '[project]\nname = "x"\ndescription = """\n[tool.uv.workspace]\nmembers = ["nope"]\n"""\nrequires-python = ">=3.10"\n'],
] as const;

// Shapes the scanner leaves to the full parse (it must say so, not guess).
const PARSED = [
  ['an inline [project] table', 'project = { name = "x", requires-python = ">=3.12" }\n'],
  ['an inline workspace table', '[tool.uv]\nworkspace = { members = ["a/*"] }\n'],
  ['an escaped requires-python', '[project]\nname = "x"\nrequires-python = ">=3.\\u0031\\u0032"\n'],
] as const;

describe('reading pyproject.toml', () => {
  it.each(SCANNED)('the scanner reads %s as a TOML parser does', (_name, text) => {
    expect(scanPyproject(text)).toEqual({ ...parsed(text), invalid: false });
  });

  it.each(PARSED)('the scanner leaves %s to the parser, which reads it', async (_name, text) => {
    expect(scanPyproject(text)).toBeNull();
    const dir = mkdtempSync(join(tmpdir(), 'uv-shim-pyproject-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'pyproject.toml'), text);
    expect(await readPyproject(join(dir, 'pyproject.toml'))).toEqual({ ...parsed(text), invalid: false });
  });

  it('says a file that does not parse is invalid, and reads nothing from a FIFO, /dev/zero or a directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uv-shim-pyproject-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'pyproject.toml'), '[project\nname = \n');
    expect(await readPyproject(join(dir, 'pyproject.toml'))).toMatchObject({ invalid: true, hasProject: false });
    expect(await readPyproject('/dev/zero')).toBeNull();
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    expect(await readPyproject(join(dir, 'fifo'))).toBeNull();
    expect(await readPyproject(dir)).toBeNull();
  });
});
