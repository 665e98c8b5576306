import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox, runReal, runShim } from '../helpers/sandbox.js';

describe('a broken configuration, end to end', () => {
  it('warns with the file, the key and the problem, and uv still runs', async () => {
    const sb = makeSandbox();
    const file = join(sb.work, '.uv-shimrc.json');
    writeFileSync(file, JSON.stringify({ repair: 'sometimes' }));
    const r = await runShim(sb, 'uv', ['--version']);
    const direct = await runReal(sb, 'uv', ['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.equals(direct.stdout)).toBe(true);
    expect(r.stderr).toContain(`${file}: repair: expected one of "auto", "prompt", "off", found "sometimes"`);
  });

  it('names an unparseable pyproject.toml and keeps going', async () => {
    const sb = makeSandbox();
    writeFileSync(join(sb.work, 'pyproject.toml'), '[tool.uv-shim]\nlog = \n');
    const r = await runShim(sb, 'uv', ['--version']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${join(sb.work, 'pyproject.toml')}:2:7: is not valid TOML: invalid value`);
  });

  it('names the line, the column and the JSON reason for a broken JSON .uv-shimrc', async () => {
    const sb = makeSandbox();
    writeFileSync(join(sb.work, '.uv-shimrc'), '{\n  "log": "info"\n  "guard": false\n}\n');
    const r = await runShim(sb, 'uv', ['--version']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${join(sb.work, '.uv-shimrc')}:3:3: is not valid JSON: Expected ',' or '}' after property value`);
  });

  it('names the line and column of a YAML error', async () => {
    const sb = makeSandbox();
    writeFileSync(join(sb.work, '.uv-shimrc.yaml'), 'log: info\nguard: [false\n');
    const r = await runShim(sb, 'uv', ['--version']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`${join(sb.work, '.uv-shimrc.yaml')}:3:1: is not valid YAML: unexpected end of the stream`));
  });

  it('stops with exit 78 before running uv under UV_SHIM_STRICT=1', async () => {
    const sb = makeSandbox();
    writeFileSync(join(sb.work, '.uv-shimrc.json'), JSON.stringify({ guard: 'no' }));
    const r = await runShim(sb, 'uv', ['--version'], { env: { ...sb.env, UV_SHIM_STRICT: '1' } });
    expect(r.code).toBe(78);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toContain('uv-shim: error: the configuration has 1 problem(s):');
    expect(r.stderr).toContain('guard: expected true or false, found "no"');
  });

  it('says where strict came from when a config file turned it on', async () => {
    const sb = makeSandbox();
    writeFileSync(join(sb.work, '.uv-shimrc.json'), JSON.stringify({ strict: true, guard: 'no' }));
    const r = await runShim(sb, 'uv', ['--version']);
    expect(r.code).toBe(78);
    expect(r.stderr).toContain('"strict": true in a config file');
  });

  it('names a bad UV_SHIM_* value as coming from the environment', async () => {
    const sb = makeSandbox();
    const r = await runShim(sb, 'uv', ['--version'], { env: { ...sb.env, UV_SHIM_REPAIR: 'yes' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('UV_SHIM_REPAIR: expected one of auto, prompt, off, found "yes"');
  });
});
