// A Python request as uv accepts it (`--python`, UV_PYTHON, .python-version,
// requires-python), read just well enough to narrow uv's managed
// installations by name. When in doubt a request matches: checking one
// installation too many costs a stat, missing the one uv runs costs a SIGKILL.

// A request reduced to what narrowing needs: anything, a path, or a version test.
export type PythonRequest =
  | { kind: 'any' }
  | { kind: 'path'; path: string }
  | { kind: 'version'; implementation: string | null; test: (version: number[]) => boolean };

const IMPLEMENTATIONS = ['cpython', 'pypy', 'graalpy', 'pyodide', 'python', 'cp', 'pp'];

// Parses one request string; unknown shapes become `any`.
export function parsePythonRequest(text: string): PythonRequest {
  const raw = text.trim();
  if (raw === '' || raw === 'any' || raw === 'default' || raw === 'system' || raw === 'managed') return { kind: 'any' };
  if (raw.includes('/') || raw.startsWith('.') || raw === '~') return { kind: 'path', path: raw };
  // An installation key: cpython-3.12.1-macos-aarch64-none.
  const key = /^([a-z]+)-(\d+(?:\.\d+){0,2})/i.exec(raw);
  if (key) return versionRequest(implementationOf(key[1]!), key[2]!);
  // cpython@3.12, cpython3.12, pypy3.10, python3.12, cp312.
  const named = /^([a-z]+)@?(.*)$/i.exec(raw);
  if (named && /^[a-z]+$/i.test(named[1]!) && IMPLEMENTATIONS.includes(named[1]!.toLowerCase())) {
    const impl = implementationOf(named[1]!);
    const rest = named[2]!;
    if (rest === '') return { kind: 'version', implementation: impl, test: () => true };
    if (/^\d{3,}$/.test(rest)) return versionRequest(impl, `${rest[0]}.${rest.slice(1)}`);
    return parseVersionPart(impl, rest);
  }
  return parseVersionPart(null, raw);
}

function implementationOf(name: string): string | null {
  const n = name.toLowerCase();
  if (n === 'python') return null;
  if (n === 'cp') return 'cpython';
  if (n === 'pp') return 'pypy';
  return n;
}

function parseVersionPart(impl: string | null, text: string): PythonRequest {
  const plain = /^(\d+(?:\.\d+){0,2})(t|[a-z]+\d*)?$/i.exec(text);
  if (plain) return versionRequest(impl, plain[1]!);
  const tests = text.split(',').map((part) => specifier(part.trim()));
  if (tests.some((t) => t === null)) return { kind: 'any' };
  return { kind: 'version', implementation: impl, test: (v) => tests.every((t) => t!(v)) };
}

function versionRequest(impl: string | null, version: string): PythonRequest {
  const want = numbers(version);
  return { kind: 'version', implementation: impl, test: (v) => want.every((n, i) => v[i] === n) };
}

function numbers(version: string): number[] {
  return version.split('.').map((n) => Number.parseInt(n, 10)).filter((n) => !Number.isNaN(n));
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

// One PEP 440 clause (>=3.11, <3.13, ==3.12.*, ~=3.11, !=3.12.0).
function specifier(clause: string): ((v: number[]) => boolean) | null {
  const m = /^(===|==|!=|~=|>=|<=|>|<)?\s*(\d+(?:\.\d+)*)(\.\*)?$/.exec(clause);
  if (!m) return null;
  const op = m[1] ?? '==';
  const want = numbers(m[2]!);
  const wildcard = m[3] !== undefined;
  switch (op) {
    case '==':
    case '===':
      return (v) => (wildcard ? want.every((n, i) => v[i] === n) : compare(v.slice(0, Math.max(want.length, 3)), want) === 0);
    case '!=':
      return (v) => !(wildcard ? want.every((n, i) => v[i] === n) : compare(v, want) === 0);
    case '>=':
      return (v) => compare(v, want) >= 0;
    case '<=':
      return (v) => compare(v, want) <= 0;
    case '>':
      return (v) => compare(v, want) > 0;
    case '<':
      return (v) => compare(v, want) < 0;
    case '~=': {
      const prefix = want.slice(0, Math.max(1, want.length - 1));
      return (v) => compare(v, want) >= 0 && prefix.every((n, i) => v[i] === n);
    }
    default:
      return null;
  }
}

// True when a managed installation directory name (cpython-3.12.1-…) may
// satisfy the request.
export function installationMatches(name: string, request: PythonRequest): boolean {
  if (request.kind === 'any') return true;
  if (request.kind === 'path') return false;
  const m = /^([a-z]+)-(\d+(?:\.\d+)*)/i.exec(name);
  if (!m) return true;
  if (request.implementation && request.implementation !== m[1]!.toLowerCase()) return false;
  return request.test(numbers(m[2]!));
}
