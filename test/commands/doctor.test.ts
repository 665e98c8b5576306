import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox } from '../helpers/sandbox.js';
import { uvShim } from '../helpers/cli.js';

describe('uv-shim doctor', () => {
  it('names the real uv with its version, the shim first on PATH, config and hooks', async () => {
    const sb = makeSandbox();
    writeFileSync(join(sb.work, '.uv-shimrc.json'), JSON.stringify({ hooks: { postExit: [{ run: 'notify-send done', name: 'notify' }] } }));
    expect((await uvShim(sb, ['trust'])).code).toBe(0);
    const r = await uvShim(sb, ['doctor']);
    const out = r.stdout.toString();
    expect(r.code).toBe(0);
    expect(out).toContain(`uv: ${sb.realUv}  uv 0.13.9`);
    expect(out).toContain(`1. ${join(sb.shimBin, 'uv')}  (uv-shim launcher`);
    expect(out).toContain(`2. ${sb.realUv}  (real uv)`);
    expect(out).toContain('`uv` runs through the shim.');
    expect(out).toContain(`file: ${join(sb.work, '.uv-shimrc.json')}: project, trusted`);
    expect(out).toContain('postExit: notify: notify-send done, timeout 30000 ms');
  });

  it('exits 1 and says so when the real uv comes before the shims', async () => {
    const sb = makeSandbox();
    const env = { ...sb.env, PATH: [sb.realUvDir, sb.shimBin, '/usr/bin', '/bin'].join(':') };
    const r = await uvShim(sb, ['doctor', '--json'], env);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout.toString()) as { ok: boolean; sections: { title: string; lines: string[] }[] };
    expect(report.ok).toBe(false);
    const shims = report.sections.find((s) => s.title === 'Shims and PATH')!;
    expect(shims.lines.some((l) => l.startsWith('⚠ the real uv comes first on PATH'))).toBe(true);
  });

  it('reports config problems as warnings', async () => {
    const sb = makeSandbox();
    writeFileSync(join(sb.work, '.uv-shimrc.json'), JSON.stringify({ log: 'loud' }));
    const r = await uvShim(sb, ['doctor']);
    expect(r.code).toBe(1);
    expect(r.stdout.toString()).toContain(`⚠ ${join(sb.work, '.uv-shimrc.json')}: log: expected`);
  });

  it('shows a project file that waits for trust, and the command that trusts it', async () => {
    const sb = makeSandbox();
    const file = join(sb.work, '.uv-shimrc.json');
    writeFileSync(file, JSON.stringify({ hooks: { preExec: ['true'] } }));
    const r = await uvShim(sb, ['doctor']);
    expect(r.code).toBe(1);
    expect(r.stdout.toString()).toContain(`file: ${file}: project, not trusted (uv-shim trust ${file})`);
    expect(r.stdout.toString()).toContain('no user hooks configured');
  });
});
