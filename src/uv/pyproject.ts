import { READ_LIMITS, readBoundedText } from '../bounded-read.js';

// What uv needs from a pyproject.toml to find the project, its workspace and
// its Python (uv-workspace's `PyProjectToml`, the parts discovery reads).
export interface PyprojectFacts {
  // A [project] table: a project (else a workspace root or a bare file).
  hasProject: boolean;
  // project.requires-python, as written.
  requiresPython: string | null;
  // [tool.uv.workspace]: the globs of its members and exclusions.
  workspace: { members: string[]; exclude: string[] } | null;
  // tool.uv.managed = false: uv leaves the project alone.
  managed: boolean;
  // The file does not parse: uv stops with an error and runs nothing.
  invalid: boolean;
}

// uv reads the whole file; the bound (READ_LIMITS.pyproject) only keeps a
// crafted one from costing the shim memory. A larger file is read as
// carrying no facts.

// Reads the facts of one pyproject.toml (null when it cannot be read). A
// bounded scanner reads the plain files most projects have; a file using
// TOML the scanner does not follow (inline tables for these keys, escapes,
// multi-line values where it looks) is parsed in full, and only then is the
// TOML parser loaded.
export async function readPyproject(file: string): Promise<PyprojectFacts | null> {
  const text = readBoundedText(file, READ_LIMITS.pyproject, { follow: true });
  if (text === null) return null;
  return scanPyproject(text) ?? (await parsePyproject(text));
}

async function parsePyproject(text: string): Promise<PyprojectFacts> {
  const { parse } = await import('smol-toml');
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch {
    return { hasProject: false, requiresPython: null, workspace: null, managed: true, invalid: true };
  }
  const project = table(doc.project);
  const uv = table(table(doc.tool)?.uv);
  const workspace = table(uv?.workspace);
  const rp = project?.['requires-python'];
  return {
    hasProject: project !== null,
    requiresPython: typeof rp === 'string' ? rp : null,
    workspace: workspace ? { members: strings(workspace.members), exclude: strings(workspace.exclude) } : null,
    managed: uv?.managed !== false,
    invalid: false,
  };
}

function table(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

// Splits TOML text into statements (a header or a key = value), dropping
// comments and joining what brackets or multi-line strings carry across
// lines. null when it meets what it does not follow (an unterminated string).
function statements(text: string): string[] | null {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
      continue;
    }
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const end = stringEnd(text, i, c, triple);
      if (end === -1) return null;
      cur += text.slice(i, end);
      i = end;
      continue;
    }
    if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    if (c === '\n' && depth <= 0) {
      if (cur.trim() !== '') out.push(cur.trim());
      cur = '';
      depth = 0;
    } else {
      cur += c;
    }
    i++;
  }
  if (cur.trim() !== '') out.push(cur.trim());
  return out;
}

// Index just past the string starting at `start`; -1 if it never ends.
function stringEnd(text: string, start: number, quote: string, triple: boolean): number {
  const open = triple ? 3 : 1;
  for (let i = start + open; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && quote === '"') {
      i++;
      continue;
    }
    if (!triple && c === '\n') return -1;
    if (triple ? text.startsWith(quote.repeat(3), i) : c === quote) {
      // A closing triple may carry up to two more quotes of the content.
      let end = i + open;
      while (triple && text[end] === quote && end - i < 5) end++;
      return end;
    }
  }
  return -1;
}

// A dotted key (bare or simply quoted parts), or null.
function keyPath(text: string): string[] | null {
  const parts: string[] = [];
  const re = /\s*(?:([A-Za-z0-9_-]+)|"([^"\\]*)"|'([^']*)')\s*(\.|$)/y;
  while (re.lastIndex < text.length) {
    const m = re.exec(text);
    if (!m) break;
    parts.push(m[1] ?? m[2] ?? m[3]!);
    if (m[4] === '') return parts;
  }
  return re.lastIndex === text.length && parts.length > 0 ? parts : null;
}

// A string value without escapes (requires-python and globs have none).
function plainString(value: string): string | null {
  const m = /^(?:"([^"\\]*)"|'([^']*)')$/.exec(value);
  return m ? (m[1] ?? m[2]!) : null;
}

function stringArray(value: string): string[] | null {
  const m = /^\[([\s\S]*)\]$/.exec(value);
  if (!m) return null;
  const items = m[1]!.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const out: string[] = [];
  for (const item of items) {
    const s = plainString(item);
    if (s === null) return null;
    out.push(s);
  }
  return out;
}

// The bounded scan: the facts, or null when the file needs a real parse.
export function scanPyproject(text: string): PyprojectFacts | null {
  const stmts = statements(text);
  if (!stmts) return null;
  const facts: PyprojectFacts = { hasProject: false, requiresPython: null, workspace: null, managed: true, invalid: false };
  let current: string[] = [];
  const touch = (path: string[]): boolean => {
    if (path[0] === 'project') facts.hasProject = true;
    if (path[0] === 'tool' && path[1] === 'uv' && path[2] === 'workspace') facts.workspace ??= { members: [], exclude: [] };
    return true;
  };
  for (const stmt of stmts) {
    const header = /^\[(\[?)([^[\]]*)\]?\]$/.exec(stmt);
    if (header) {
      const path = keyPath(header[2]!);
      if (!path) return null;
      current = path;
      touch(path);
      continue;
    }
    const eq = assignment(stmt);
    if (!eq) return null;
    const full = [...current, ...eq.key];
    touch(full);
    const [a, b, c, d] = full;
    if (a === 'project') {
      if (full.length === 1) return null;
      if (b === 'requires-python' && full.length === 2) {
        const s = plainString(eq.value);
        if (s === null) return null;
        facts.requiresPython = s;
      }
    } else if (a === 'tool') {
      if (full.length === 1 || (b === 'uv' && full.length === 2)) return null;
      if (b === 'uv' && c === 'workspace') {
        if (full.length === 3) return null;
        if ((d === 'members' || d === 'exclude') && full.length === 4) {
          const list = stringArray(eq.value);
          if (list === null) return null;
          facts.workspace![d] = list;
        }
      } else if (b === 'uv' && c === 'managed' && full.length === 3) {
        if (eq.value !== 'true' && eq.value !== 'false') return null;
        facts.managed = eq.value === 'true';
      }
    }
  }
  return facts;
}

// `key = value`, the key split into its dotted parts.
function assignment(stmt: string): { key: string[]; value: string } | null {
  const m = /^((?:[A-Za-z0-9_.\s-]|"[^"\\]*"|'[^']*')+?)\s*=\s*([\s\S]*)$/.exec(stmt);
  if (!m) return null;
  const key = keyPath(m[1]!);
  return key ? { key, value: m[2]!.trim() } : null;
}
