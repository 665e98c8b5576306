import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFakePython } from '../../helpers/fake-python.js';
import { REPO_ROOT, run } from '../../helpers/sandbox.js';
import { makeGuardSandbox, type GuardSandbox } from '../../guard/guard-sandbox.js';

const UV_SHIM = join(REPO_ROOT, 'dist', 'bin', 'uv-shim.js');
const uvShim = (sb: GuardSandbox, args: string[]) => run(process.execPath, [UV_SHIM, ...args], { cwd: sb.work, env: sb.env });

interface Finding {
  level: 'info' | 'warning';
  text: string;
  data?: Record<string, unknown>;
}

async function guardSection(sb: GuardSandbox): Promise<Finding[]> {
  const r = await uvShim(sb, ['doctor', '--json']);
  const doc = JSON.parse(r.stdout.toString()) as { sections: { id: string; findings: Finding[] }[] };
  return doc.sections.find((s) => s.id === 'guard')!.findings;
}

describe('uv-shim doctor, interpreter guard section', () => {
  it('shows the policy, warns about refused files and lists the last repairs', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons, { provenance: true });
    expect((await uvShim(sb, ['check'])).code).toBe(1);
    const before = await guardSection(sb);
    expect(before[0]).toMatchObject({ level: 'info', text: 'guard: on; repair: auto', data: { guard: true, repair: 'auto' } });
    expect(before).toContainEqual({
      level: 'warning',
      text: `${fake.executable}: killed: the system kills it on start with SIGKILL (it carries com.apple.provenance)`,
      data: { file: fake.executable, state: 'killed', reason: 'the system kills it on start with SIGKILL (it carries com.apple.provenance)' },
    });
    expect((await uvShim(sb, ['repair'])).code).toBe(0);
    const after = await guardSection(sb);
    expect(after.filter((f) => f.level === 'warning')).toEqual([]);
    expect(after).toContainEqual(expect.objectContaining({ data: expect.objectContaining({ file: fake.executable, status: 'repaired' }) }));
  });

  it('stops warning about a refused interpreter once it no longer exists, and counts it as gone', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons, { provenance: true });
    expect((await uvShim(sb, ['check'])).code).toBe(1);
    expect((await guardSection(sb)).some((f) => f.level === 'warning')).toBe(true);
    rmSync(fake.executable);
    const r = await uvShim(sb, ['doctor']);
    expect(r.code, r.stdout.toString()).toBe(0);
    const findings = await guardSection(sb);
    expect(findings.filter((f) => f.level === 'warning')).toEqual([]);
    expect(findings).toContainEqual(expect.objectContaining({ data: expect.objectContaining({ files: 1, gone: 1 }) }));
  });
});
