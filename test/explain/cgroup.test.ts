import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { parseProcCgroup, readCgroupMemory } from '../../src/explain/cgroup.js';

// A fake /sys/fs/cgroup plus a fake /proc/self/cgroup, files as the kernel writes them.
function tree(files: Record<string, string>, procSelf: string) {
  const root = mkdtempSync(join(tmpdir(), 'uv-shim-cgroup-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  writeFileSync(join(root, 'self-cgroup'), procSelf);
  return { env: { UV_SHIM_CGROUP_ROOT: root }, proc: join(root, 'self-cgroup'), root };
}

const EVENTS = (n: number) => `low 0\nhigh 0\nmax 3\noom 1\noom_kill ${n}\noom_group_kill 0\n`;

describe('/proc/self/cgroup', () => {
  it.each([
    ['0::/user.slice/user-1000.slice/session-2.scope\n', '/user.slice/user-1000.slice/session-2.scope', null],
    ['12:memory:/docker/abc\n1:name=systemd:/docker/abc\n0::/\n', '/', '/docker/abc'],
    ['4:memory,hugetlb:/ci/job\n', null, '/ci/job'],
    ['', null, null],
  ])('%j → v2 %s, v1 memory %s', (text, v2, v1) => {
    expect(parseProcCgroup(text)).toEqual({ v2, v1Memory: v1 });
  });
});

describe('reading the memory counters', () => {
  it('reads cgroup v2 memory.events, memory.max and memory.peak', async () => {
    const t = tree(
      { 'ci/job/memory.events': EVENTS(2), 'ci/job/memory.max': '268435456\n', 'ci/job/memory.peak': '1048576\n' },
      '0::/ci/job\n',
    );
    expect(await readCgroupMemory(t.env, t.proc)).toEqual({
      version: 2, path: '/ci/job', dir: join(t.root, 'ci/job'), oomKills: 2, max: 268435456, peak: 1048576,
    });
  });

  it('reports "max" as no limit and a missing memory.peak (kernels before 5.19) as unknown', async () => {
    const t = tree({ 'memory.events': EVENTS(0), 'memory.max': 'max\n' }, '0::/\n');
    expect(await readCgroupMemory(t.env, t.proc)).toMatchObject({ version: 2, oomKills: 0, max: null, peak: null });
  });

  it('finds v2 under unified/ on a hybrid host', async () => {
    const t = tree({ 'unified/a/memory.events': EVENTS(1) }, '0::/a\n');
    expect(await readCgroupMemory(t.env, t.proc)).toMatchObject({ version: 2, dir: join(t.root, 'unified/a'), oomKills: 1 });
  });

  it('falls back to cgroup v1 memory.oom_control, with its "unlimited" sentinel', async () => {
    const t = tree(
      {
        'memory/job/memory.oom_control': 'oom_kill_disable 0\nunder_oom 0\noom_kill 4\n',
        'memory/job/memory.limit_in_bytes': '9223372036854771712\n',
        'memory/job/memory.max_usage_in_bytes': '5173248\n',
      },
      '4:memory:/job\n0::/\n',
    );
    expect(await readCgroupMemory(t.env, t.proc)).toEqual({
      version: 1, path: '/job', dir: join(t.root, 'memory/job'), oomKills: 4, max: null, peak: 5173248,
    });
  });

  it('gives no counters when the kernel keeps none (no oom_kill line) or nothing is readable', async () => {
    const old = tree({ 'memory/job/memory.oom_control': 'oom_kill_disable 0\nunder_oom 0\n' }, '4:memory:/job\n');
    expect(await readCgroupMemory(old.env, old.proc)).toBeNull();
    const none = tree({}, '0::/gone\n');
    expect(await readCgroupMemory(none.env, none.proc)).toBeNull();
    expect(await readCgroupMemory(none.env, join(none.root, 'no-proc-file'))).toBeNull();
  });
});
