import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// What the project around the working directory says about its Python,
// found the way uv looks: walking up from the project directory.
export interface ProjectHints {
  // Directory holding the nearest pyproject.toml, if any.
  root: string | null;
  // Lines of the nearest .python-versions / .python-version, comments dropped.
  pinned: string[];
  // The project's requires-python, if it has one.
  requiresPython: string | null;
}

function* upFrom(start: string): Generator<string> {
  let dir = start;
  for (;;) {
    yield dir;
    const parent = dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

// Most directories on the way up have no such file: asking first is
// cheaper than building the exception a failed read throws.
function readText(file: string): string | null {
  if (!existsSync(file)) return null;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

// The nearest pin file: .python-versions (several lines) wins over
// .python-version in the same directory, as in uv.
function findPins(start: string): string[] {
  for (const dir of upFrom(start)) {
    for (const name of ['.python-versions', '.python-version']) {
      const text = readText(join(dir, name));
      if (text === null) continue;
      return text
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#'));
    }
  }
  return [];
}

// Only `requires-python` under [project] is needed, so a line reader does:
// no TOML parser on the everyday path.
export function readRequiresPython(pyproject: string): string | null {
  let section = '';
  for (const rawLine of pyproject.split('\n')) {
    const line = rawLine.trim();
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header) {
      section = header[1]!;
      continue;
    }
    if (section !== 'project') continue;
    const m = /^requires-python\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(line);
    if (m) return (m[1] ?? m[2] ?? '').trim() || null;
  }
  return null;
}

// Reads the pins and the nearest pyproject.toml above `start`.
export function readProjectHints(start: string): ProjectHints {
  let root: string | null = null;
  let requiresPython: string | null = null;
  for (const dir of upFrom(start)) {
    const file = join(dir, 'pyproject.toml');
    if (!existsSync(file)) continue;
    root = dir;
    requiresPython = readRequiresPython(readText(file) ?? '');
    break;
  }
  return { root, pinned: findPins(start), requiresPython };
}
