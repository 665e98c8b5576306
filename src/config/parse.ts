import { basename, extname } from 'node:path';

// How a config file is read, from its name.
export type ConfigFormat = 'json' | 'yaml' | 'json-or-yaml' | 'toml' | 'pyproject' | 'javascript';

export function formatOf(file: string): ConfigFormat {
  const name = basename(file);
  if (name === 'pyproject.toml') return 'pyproject';
  if (name === '.uv-shimrc') return 'json-or-yaml';
  switch (extname(name)) {
    case '.json':
      return 'json';
    case '.yaml':
    case '.yml':
      return 'yaml';
    case '.toml':
      return 'toml';
    default:
      return 'javascript';
  }
}

// Where and why a file did not parse. Line and column are 1-based; absent
// when the parser could not say.
export interface ParseError {
  syntax: string;
  reason: string;
  line?: number;
  column?: number;
}

// A file's settings: `value` is the table of settings (undefined: the file
// has none, e.g. a pyproject.toml without [tool.uv-shim]), or the error.
export type Parsed = { ok: true; value: unknown } | { ok: false; error: ParseError };

// Parses the text of a data file (not JavaScript). The TOML and YAML parsers
// are loaded here only, which the parsed-config cache makes rare: once per
// change of a file.
export async function parseConfigText(format: Exclude<ConfigFormat, 'javascript'>, text: string): Promise<Parsed> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  switch (format) {
    case 'json':
      return parseJson(body);
    case 'json-or-yaml':
      // `.uv-shimrc` holds JSON or YAML; a JSON object gets JSON's errors.
      return /^\s*\{/.test(body) ? parseJson(body) : parseYaml(body);
    case 'yaml':
      return parseYaml(body);
    case 'toml':
    case 'pyproject': {
      const parsed = await parseToml(body);
      if (!parsed.ok || format === 'toml') return parsed;
      // pyproject.toml holds uv-shim's settings under [tool.uv-shim], however
      // the document spells it (`[tool.uv-shim]`, `[tool]` with a `uv-shim`
      // key, dotted keys).
      const tool = (parsed.value as Record<string, unknown>).tool;
      const table = tool !== null && typeof tool === 'object' ? (tool as Record<string, unknown>)['uv-shim'] : undefined;
      return { ok: true, value: table };
    }
  }
}

function parseJson(text: string): Parsed {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    // V8 names the offset for some errors only ("in JSON at position N"),
    // so the offset comes from our own scan of the text.
    const message = error instanceof Error ? error.message : String(error);
    const reason = message.replace(/ in JSON at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, '');
    const offset = jsonErrorOffset(text);
    return { ok: false, error: { syntax: 'JSON', reason, ...(offset >= 0 ? lineAndColumn(text, offset) : {}) } };
  }
}

async function parseYaml(text: string): Promise<Parsed> {
  const { load } = await import('js-yaml');
  try {
    return { ok: true, value: load(text) };
  } catch (error) {
    const e = error as { reason?: string; message?: string; mark?: { line: number; column: number } };
    const reason = e.reason ?? e.message?.split('\n')[0] ?? String(error);
    const where = e.mark ? { line: e.mark.line + 1, column: e.mark.column + 1 } : {};
    return { ok: false, error: { syntax: 'YAML', reason, ...where } };
  }
}

async function parseToml(text: string): Promise<Parsed> {
  const { parse } = await import('smol-toml');
  try {
    return { ok: true, value: parse(text) };
  } catch (error) {
    const e = error as { message?: string; line?: number; column?: number };
    // smol-toml's message is "Invalid TOML document: <reason>" and a code frame.
    const reason = (e.message ?? String(error)).split('\n')[0]!.replace(/^Invalid TOML document: /, '');
    const where = typeof e.line === 'number' && typeof e.column === 'number' ? { line: e.line, column: e.column } : {};
    return { ok: false, error: { syntax: 'TOML', reason, ...where } };
  }
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}


// The offset at which `text` stops being JSON (RFC 8259), or -1 when it is
// valid or too deeply nested to scan. Only called once JSON.parse has failed.
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

export function jsonErrorOffset(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw i;
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const expect = (c: string) => (text[i] === c ? i++ : fail());
  const string = () => {
    expect('"');
    for (;;) {
      const c = text[i];
      if (c === undefined || c < ' ') fail();
      i++;
      if (c === '"') return;
      if (c === '\\') {
        const e = text[i];
        if (e !== undefined && '"\\/bfnrt'.includes(e)) i++;
        else if (e === 'u') {
          i++;
          for (let k = 0; k < 4; k++) (/[0-9a-fA-F]/.test(text[i] ?? '') ? i++ : fail());
        } else fail();
      }
    }
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      space();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          space();
          string();
          space();
          expect(':');
        }
        value();
        space();
        if (text[i] === ',') i++;
        else {
          expect(close);
          return;
        }
      }
    }
    if (c === '"') {
      string();
      return;
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    number();
  };
  // Fails at the first character that cannot continue the number, as V8 does.
  const digits = () => {
    if (!isDigit(text[i])) fail();
    while (isDigit(text[i])) i++;
  };
  const number = () => {
    if (text[i] === '-') i++;
    if (text[i] === '0') i++;
    else digits();
    if (text[i] === '.') {
      i++;
      digits();
    }
    if (text[i] === 'e' || text[i] === 'E') {
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      digits();
    }
  };
  try {
    value();
    space();
    if (i < text.length) fail();
    return -1;
  } catch (at) {
    return typeof at === 'number' ? at : -1;
  }
}
