import { describe, expect, it } from 'vitest';
import { formatOf, jsonErrorOffset, lineAndColumn, parseConfigText } from '../../src/config/parse.js';

// V8 names the offset of some JSON errors ("in JSON at position N"): there
// it is the oracle for our scan.
function v8Offset(text: string): number | undefined {
  try {
    JSON.parse(text);
    return -1;
  } catch (error) {
    const m = / at position (\d+)/.exec((error as Error).message);
    return m ? Number(m[1]) : undefined;
  }
}

const BROKEN_JSON = [
  '{"a" 1}', '{x', '{"a":1}}', '{"a": "b\n"}', '{"a":1,}', '[1,]', '{"a":}', '{"a": tru}', '{"a": 01}',
  '{"a": -}', '{"a": "\\x"}', '{"a": "\\u12"}', '', '   ', '{', '[', '{"a": [1, 2}', 'nul', '{"a":1 "b":2}',
  '{\n  "log": "info"\n  "guard": false\n}',
];

describe('jsonErrorOffset', () => {
  it.each(BROKEN_JSON)('agrees with V8 wherever V8 names a position: %j', (text) => {
    const ours = jsonErrorOffset(text);
    const v8 = v8Offset(text);
    expect(ours).toBeGreaterThanOrEqual(0);
    expect(ours).toBeLessThanOrEqual(text.length);
    if (v8 !== undefined) expect(ours).toBe(v8);
  });

  it.each([
    ['{"a":}', 5], ['[1,]', 3], ['{"a": tru}', 6], ['', 0], ['{"a": [1, 2}', 11],
  ])('finds the offset V8 does not name: %j → %i', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });

  it.each(['{}', '[]', '{"a": [1, -2.5e3, true, null, "\\u00e9\\n"]}', ' 0 '])('is -1 for valid JSON %j', (text) => {
    expect(jsonErrorOffset(text)).toBe(-1);
  });

  it('is -1, not a crash, for nesting deeper than the stack', () => {
    expect(jsonErrorOffset('['.repeat(200_000))).toBe(-1);
  });
});

describe('parseConfigText', () => {
  it.each([
    ['json', '{\n  "log": "info"\n  "guard": false\n}', { syntax: 'JSON', reason: "Expected ',' or '}' after property value", line: 3, column: 3 }],
    ['json', '{"log": ', { syntax: 'JSON', reason: 'Unexpected end of JSON input', line: 1, column: 9 }],
    ['json-or-yaml', '{"log": "info",}', { syntax: 'JSON', line: 1, column: 16 }],
    ['json-or-yaml', 'log: [info\n', { syntax: 'YAML', reason: 'unexpected end of the stream within a flow collection', line: 2, column: 1 }],
    ['yaml', 'log: info\n  guard: false\n', { syntax: 'YAML', line: 2, column: 8 }],
    ['toml', 'log = "info"\nguard = tru\n', { syntax: 'TOML', line: 2, column: 9 }],
    ['pyproject', '[tool.uv-shim]\nlog = \n', { syntax: 'TOML', reason: 'invalid value', line: 2, column: 7 }],
  ] as const)('%s %j: names the line, the column and the reason', async (format, text, error) => {
    const parsed = await parseConfigText(format, text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.error).toMatchObject(error);
  });

  it.each([
    ['[tool.uv-shim]\nlog = "info"\n', { log: 'info' }],
    ['[tool]\nuv-shim = { log = "info" }\n', { log: 'info' }],
    ['[tool.uv-shim.hooks]\npreExec = ["x"]\n', { hooks: { preExec: ['x'] } }],
    ['[tool.uv]\nx = 1\n', undefined],
    ['tool = 3\n', undefined],
  ])('takes [tool.uv-shim] out of a pyproject.toml: %j', async (text, value) => {
    expect(await parseConfigText('pyproject', text)).toEqual({ ok: true, value });
  });

  it('skips a byte-order mark', async () => {
    expect(await parseConfigText('json', '\ufeff{"log": "info"}')).toEqual({ ok: true, value: { log: 'info' } });
  });

  it.each([
    ['/p/.uv-shimrc', 'json-or-yaml'], ['/p/.uv-shimrc.json', 'json'], ['/p/.uv-shimrc.yml', 'yaml'],
    ['/p/pyproject.toml', 'pyproject'], ['/u/config.toml', 'toml'], ['/p/uv-shim.config.mjs', 'javascript'],
  ])('formatOf(%s) = %s', (file, format) => {
    expect(formatOf(file)).toBe(format);
  });

  it('lineAndColumn counts from 1', () => {
    expect(lineAndColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
