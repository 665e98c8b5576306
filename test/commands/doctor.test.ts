import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSandbox } from '../helpers/sandbox.js';
import { uvShim } from '../helpers/cli.js';
import { UV_VERSION } from '../setup/real-uv.js';

interface Report {
  ok: boolean;
  sections: { id: string; title: string; findings: { level: string; text: string; data?: Record<string, unknown> }[] }[];
}

describe('uv-shim doctor', () => {
  it('names the real uv with its version, the shim first on PATH, config and hooks', async () => {
    const sb = makeSandbox();
    writeFileSync(join(sb.work, '.uv-shimrc.json'), JSON.stringify({ hooks: { postExit: [{ run: 'notify-send done', name: 'notify' }] } }));
    expect((await uvShim(sb, ['trust'])).code).toBe(0);
    const r = await uvShim(sb, ['doctor']);
    const out = r.stdout.toString();
    expect(r.code).toBe(0);
    // The real uv's line names its version, however the columns are spaced.
    expect(out.split('\n').find((l) => l.includes(`uv: ${sb.realUv}`))).toContain(`uv ${UV_VERSION}`);
    // Every uv on PATH, in order: "N. PATH (WHAT)".
    const onPath = [...out.matchAll(/^\s*(\d+)\. (\S+)\s+\((.*)\)$/gm)].map((m) => [Number(m[1]), m[2], m[3]]);
    expect(onPath).toEqual([
      [1, join(sb.shimBin, 'uv'), expect.stringMatching(/^uv-shim launcher/)],
      [2, sb.realUv, 'real uv'],
    ]);
    expect(out).toContain('`uv` runs through the shim.');
    expect(out).toContain(`file: ${join(sb.work, '.uv-shimrc.json')}: project, trusted`);
    expect(out).toContain('postExit: notify: notify-send done, timeout 30000 ms');
  });

  it('exits 1 and says so when the real uv comes before the shims', async () => {
    const sb = makeSandbox();
    const env = { ...sb.env, PATH: [sb.realUvDir, sb.shimBin, '/usr/bin', '/bin'].join(':') };
    const r = await uvShim(sb, ['doctor', '--json'], env);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout.toString()) as Report;
    expect(report.ok).toBe(false);
    const shims = report.sections.find((s) => s.id === 'shims')!;
    expect(shims.findings).toContainEqual(expect.objectContaining({ level: 'warning', data: { throughShim: false, problem: 'real-uv-first' } }));
    expect(shims.findings[0]!.data).toEqual({ path: sb.realUv, shim: false, position: 1 });
  });

  it("carries values in --json: the real uv's path and version, the settings, each config file", async () => {
    const sb = makeSandbox();
    const rc = join(sb.work, '.uv-shimrc.json');
    writeFileSync(rc, JSON.stringify({ linkMode: 'hardlink', newLibraryThreshold: 7 }));
    const r = await uvShim(sb, ['doctor', '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout.toString()) as Report;
    expect(report.ok).toBe(true);
    const byId = Object.fromEntries(report.sections.map((s) => [s.id, s.findings]));
    expect(byId.realUv![0]!.data).toEqual({ tool: 'uv', path: sb.realUv, prefix: [], version: '0.13.9' });
    expect(byId.config).toContainEqual(expect.objectContaining({ data: expect.objectContaining({ file: rc, scope: 'project', status: 'read' }) }));
    const settings = byId.config!.find((f) => f.data && 'settings' in f.data)!.data!.settings as Record<string, unknown>;
    expect(settings).toMatchObject({ linkMode: 'hardlink', newLibraryThreshold: 7, guard: true, repair: 'auto' });
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
