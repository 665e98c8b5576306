import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';

// The memory counters of one cgroup, as the kernel reports them.
export interface CgroupMemory {
  version: 1 | 2;
  // The cgroup's path as /proc/self/cgroup names it (e.g. /user.slice/x).
  path: string;
  // The directory the counters were read from.
  dir: string;
  // Processes the OOM killer killed in this cgroup so far (v2 counts the
  // cgroups below it too; v1 does not).
  oomKills: number;
  // The limit in bytes; null when unlimited ("max", or v1's huge sentinel).
  max: number | null;
  // The highest usage seen, in bytes; null when the kernel does not say.
  peak: number | null;
}

// v1 reports "no limit" as a page-aligned LONG_MAX; anything this large is it.
const V1_UNLIMITED = 2 ** 62;

// Reads the memory counters of the cgroup this process is in: cgroup v2
// memory.events first (at the root and, on hybrid hosts, under unified/),
// then v1 memory.oom_control. Returns null when neither is readable (no
// cgroups, a container that hides them, not Linux). UV_SHIM_CGROUP_ROOT
// replaces /sys/fs/cgroup so tests can point it at a tree they control.
export function readCgroupMemory(env: NodeJS.ProcessEnv, procSelfCgroup = '/proc/self/cgroup'): CgroupMemory | null {
  const membership = readText(procSelfCgroup);
  if (membership === null) return null;
  const { v2, v1Memory } = parseProcCgroup(membership);
  const root = env.UV_SHIM_CGROUP_ROOT || '/sys/fs/cgroup';
  if (v2 !== null) {
    for (const base of [root, join(root, 'unified')]) {
      const found = readV2(join(base, v2), v2);
      if (found) return found;
    }
  }
  if (v1Memory !== null) return readV1(join(root, 'memory', v1Memory), v1Memory);
  return null;
}

// Splits /proc/self/cgroup ("id:controllers:path" per line) into the v2
// path ("0::/path") and the v1 memory controller's path, when present.
export function parseProcCgroup(text: string): { v2: string | null; v1Memory: string | null } {
  let v2: string | null = null;
  let v1Memory: string | null = null;
  for (const line of text.split('\n')) {
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first === -1 || second === -1) continue;
    const controllers = line.slice(first + 1, second);
    const path = line.slice(second + 1);
    if (line.slice(0, first) === '0' && controllers === '') v2 = path;
    else if (controllers.split(',').includes('memory')) v1Memory = path;
  }
  return { v2, v1Memory };
}

function readV2(dir: string, path: string): CgroupMemory | null {
  const events = readText(join(dir, 'memory.events'));
  if (events === null) return null;
  const oomKills = keyedNumber(events, 'oom_kill');
  if (oomKills === null) return null;
  const max = readText(join(dir, 'memory.max'));
  const peak = readText(join(dir, 'memory.peak'));
  return { version: 2, path, dir, oomKills, max: limit(max), peak: bytes(peak) };
}

function readV1(dir: string, path: string): CgroupMemory | null {
  const control = readText(join(dir, 'memory.oom_control'));
  if (control === null) return null;
  // Kernels before 4.13 lack the counter: no evidence either way.
  const oomKills = keyedNumber(control, 'oom_kill');
  if (oomKills === null) return null;
  const limitText = readText(join(dir, 'memory.limit_in_bytes'));
  const peakText = readText(join(dir, 'memory.max_usage_in_bytes'));
  const max = bytes(limitText);
  return { version: 1, path, dir, oomKills, max: max !== null && max >= V1_UNLIMITED ? null : max, peak: bytes(peakText) };
}

// "oom_kill 3" in a flat-keyed file such as memory.events.
function keyedNumber(text: string, key: string): number | null {
  const match = new RegExp(`^${key} (\\d+)$`, 'm').exec(text);
  return match ? Number(match[1]) : null;
}

function limit(text: string | null): number | null {
  if (text === null || text.trim() === 'max') return null;
  return bytes(text);
}

function bytes(text: string | null): number | null {
  if (text === null) return null;
  const n = Number(text.trim());
  return Number.isFinite(n) && text.trim() !== '' ? n : null;
}

// The most any of these files holds (memory.events is a few lines).
const MAX_TEXT = 16 * 1024;

// OS edge: cgroup files vanish with their cgroup and may be unreadable in
// containers; any failure means "no counters here". Read synchronously (a
// few small kernel files, where the first asynchronous read would start
// libuv's thread pool on every run), so only a regular file, opened with
// O_NONBLOCK (a FIFO put in a test tree's place never blocks), up to a bound.
// /proc and cgroupfs report size 0 or 4096 whatever they hold: read to EOF.
function readText(file: string): string | null {
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    if (!fstatSync(fd).isFile()) return null;
    const buf = Buffer.allocUnsafe(MAX_TEXT);
    let got = 0;
    for (let n = 1; n > 0 && got < MAX_TEXT; got += n) n = readSync(fd, buf, got, MAX_TEXT - got, null);
    return buf.toString('utf8', 0, got);
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
