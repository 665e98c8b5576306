import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { closeChecked, inCheckedDir, openChecked, type CheckedFile } from '../../src/darwin/checked-file.js';
import { replaceWithNewInode } from '../../src/darwin/new-inode.js';
import { adhocResignPath } from '../../src/darwin/codesign.js';
import { resignedLocally, makeFakePython, PROVENANCE_XATTR, REAL_PYTHON, xattrNames } from '../helpers/fake-python.js';
import { runShim } from '../helpers/sandbox.js';
import { makeGuardSandbox, RUN_MANAGED, toolCalls } from '../guard/guard-sandbox.js';

// What fs.copyFile does on macOS, where the shim runs for real: libuv's
// uv_fs_copyfile calls copyfile(3) with COPYFILE_ALL (libuv src/unix/fs.c,
// uv__fs_copyfile, __APPLE__ branch), which copies the extended attributes
// too, com.apple.provenance included. On Linux it copies bytes only, so
// here the copy functions are made to do what they do on a Mac.
const copyXattrs = (from: string, to: string) =>
  execFileSync(REAL_PYTHON, ['-I', '-S', '-c', 'import os,sys\nfor n in os.listxattr(sys.argv[1]): os.setxattr(sys.argv[2], n, os.getxattr(sys.argv[1], n))', from, to]);
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>();
  const copyFileSync = (from: string, to: string, mode?: number) => {
    fs.copyFileSync(from, to, mode);
    copyXattrs(from, to);
  };
  const copyFile = (from: string, to: string, ...rest: unknown[]) => {
    const done = rest.pop() as (error: Error | null) => void;
    fs.copyFile(from, to, ...(rest as [number]), (error) => {
      if (!error) copyXattrs(from, to);
      done(error);
    });
  };
  return { ...fs, default: { ...fs, copyFileSync, copyFile }, copyFileSync, copyFile };
});
vi.mock('node:fs/promises', async (original) => {
  const fsp = await original<typeof import('node:fs/promises')>();
  const copyFile = async (from: string, to: string, mode?: number) => {
    await fsp.copyFile(from, to, mode);
    copyXattrs(from, to);
  };
  return { ...fsp, default: { ...fsp, copyFile }, copyFile };
});

describe('the new-inode fallback', () => {
  it('copies bytes, never xattrs: the copy does not carry com.apple.provenance', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons, { provenance: true });
    execFileSync(REAL_PYTHON, ['-c', 'import os,sys; os.setxattr(sys.argv[1], "user.com.example.other", b"1")', fake.executable]);
    // Positive control: the Mac-like copy does carry the xattrs.
    const { copyFileSync } = await import('node:fs');
    const control = join(sb.root, 'control');
    copyFileSync(fake.executable, control);
    expect(xattrNames(control)).toContain(PROVENANCE_XATTR);

    const mode = statSync(fake.executable).mode & 0o777;
    const result = await adhocResignPath(fake.executable, sb.env, { how: 'copy' });
    expect(result).toMatchObject({ ok: true, method: 'new-inode' });
    expect(xattrNames(fake.executable)).not.toContain(PROVENANCE_XATTR);
    expect(xattrNames(fake.executable)).not.toContain('user.com.example.other');
    expect(resignedLocally(fake.executable)).toBe(true);
    expect(statSync(fake.executable).mode & 0o777).toBe(mode);
  });

  // Issue 10 §2: a SIGTERM while the copy was being signed left a whole
  // interpreter in bin/. The codesign wrapper holds the copy's signing for
  // three seconds; the shim is told to end meanwhile.
  it('removes its copy when the shim is told to end while the copy is being signed', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons, { provenance: true });
    const bin = join(fake.root, 'bin');
    const copies = () => readdirSync(bin).filter((n) => n.includes('.uv-shim-'));
    let pid = 0;
    const ino = statSync(fake.executable).ino;
    const env = { ...sb.env, UV_SHIM_TEST_CODESIGN_FAIL_INODE: String(statSync(fake.executable).ino), UV_SHIM_TEST_TOOL_DELAY: '3' };
    const running = runShim(sb, 'uv', RUN_MANAGED, { env, onSpawn: (p) => (pid = p) });
    const deadline = Date.now() + 30_000;
    while (toolCalls(sb).filter((c) => c.includes('--sign')).length < 2 && Date.now() < deadline) await sleep(20);
    expect(copies()).toHaveLength(1);
    process.kill(pid, 'SIGTERM');
    const result = await running;
    expect(result.signal).toBe('SIGTERM');
    expect(copies()).toEqual([]);
    // The original was not replaced.
    expect(statSync(fake.executable).ino).toBe(ino);
  });

  // Where it stopped is a fact the caller reads, not words it parses.
  it('says the copy failed when the checked file cannot be read, and leaves nothing behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uv-shim-new-inode-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'python3'), 'bytes');
    const file = openChecked(join(dir, 'python3')) as CheckedFile;
    closeChecked(file);
    let changed = false;
    const result = await inCheckedDir(file, () => replaceWithNewInode(file, async () => {
      changed = true;
      return { ok: true, said: '' };
    }));
    expect(result).toMatchObject({ failed: { at: 'copy', why: expect.stringMatching(/EBADF/) } });
    expect(changed).toBe(false);
    expect(readdirSync(dir)).toEqual(['python3']);
  });
});
