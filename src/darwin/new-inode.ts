import { randomBytes } from 'node:crypto';
import { closeSync, constants, fchmodSync, lstatSync, openSync, readdirSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { isAlive } from '../common/process-alive.js';
import { changedSince, type CheckedFile } from './checked-file.js';

// The copy's name: beside the original (so the rename is atomic and never
// crosses file systems), hidden, and carrying the pid of the process that
// made it, so a leftover can be told from a copy still being made.
const MARK = '.uv-shim-';
export function copyName(name: string): string {
  return `.${name}${MARK}${process.pid}-${randomBytes(4).toString('hex')}`;
}

// Copies still being made by this process: removed if it is told to end.
const inFlight = new Set<string>();
const ENDING: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];
let listening = false;

// A SIGTERM while a copy exists would leave a whole interpreter behind in
// bin/. For as long as one exists, an ending signal removes it first and is
// then re-raised with the default action, so the shim ends as it would have.
// Names are relative to the pinned directory, which is still the cwd.
function removeOnSignal(signal: NodeJS.Signals): void {
  for (const name of inFlight) rmSync(name, { force: true });
  inFlight.clear();
  stopListening();
  process.kill(process.pid, signal);
}
function startListening(): void {
  if (listening) return;
  listening = true;
  for (const s of ENDING) process.on(s, removeOnSignal);
}
function stopListening(): void {
  if (!listening) return;
  listening = false;
  for (const s of ENDING) process.removeListener(s, removeOnSignal);
}

// Removes copies another run left beside `name` when it was killed without
// a chance to clean up (SIGKILL, power loss): those whose process is gone.
export function sweepLeftovers(name: string): string[] {
  const prefix = `.${name}${MARK}`;
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync('.');
  } catch {
    return removed;
  }
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number.parseInt(entry.slice(prefix.length), 10);
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) continue;
    if (pid === process.pid && inFlight.has(entry)) continue;
    if (!lstatSync(entry, { throwIfNoEntry: false })?.isFile()) continue;
    rmSync(entry, { force: true });
    removed.push(entry);
  }
  return removed;
}

// Writes the checked file's bytes to a new file beside it. The bytes are
// read from the open descriptor (the very file that was checked) and
// written by us: fs.copyFile is not used because on macOS libuv implements
// it with copyfile(3) and COPYFILE_ALL, which copies the xattrs too, and
// com.apple.provenance is what the copy must not carry. The copy gets the
// original's permission bits, without set-id bits.
function writeCopy(file: CheckedFile, copy: string): void {
  const out = openSync(copy, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    let at = 0;
    for (;;) {
      const n = readSync(file.fd, chunk, 0, chunk.length, at);
      if (n === 0) break;
      let written = 0;
      while (written < n) written += writeSync(out, chunk, written, n - written);
      at += n;
    }
    fchmodSync(out, file.mode & 0o777);
  } finally {
    closeSync(out);
  }
}

// Where a replacement stopped, as facts: the copy could not be written,
// `change` failed (its own words), or the rename did not happen (the name
// no longer holds the checked file, or rename(2) failed). `why` is in
// words for the step it fails; nothing reads it back.
export type NewInodeFailure =
  | { at: 'copy'; why: string }
  | { at: 'change'; why: string }
  | { at: 'rename'; why: string };

export interface NewInodeResult {
  // null: the changed copy replaced the original.
  failed: NewInodeFailure | null;
  // What `change` said when it succeeded ('' when nothing).
  said: string;
  // The copy's name in the pinned directory, for the commands shown.
  copy: string;
}

// Runs with the working directory pinned to the checked file's directory
// (inCheckedDir). Makes a copy of the checked file under a new inode, lets
// `change` work on it, and renames it over the original only if `change`
// succeeded and the name still holds the very file that was checked. The
// copy is removed on any failure, and if the shim is told to end meanwhile.
export async function replaceWithNewInode(
  file: CheckedFile,
  change: (copy: string) => Promise<{ ok: boolean; said: string }>,
  copy = copyName(file.name),
): Promise<NewInodeResult> {
  const failed = (at: NewInodeFailure['at'], why: string): NewInodeResult => ({ failed: { at, why }, said: '', copy });
  inFlight.add(copy);
  startListening();
  try {
    try {
      writeCopy(file, copy);
    } catch (error) {
      return failed('copy', `${file.path}: ${(error as Error).message}`);
    }
    let changed: { ok: boolean; said: string };
    try {
      changed = await change(copy);
    } catch (error) {
      return failed('change', `${file.path}: ${(error as Error).message}`);
    }
    if (!changed.ok) return failed('change', changed.said);
    await testPause('UV_SHIM_TEST_PAUSE_BEFORE_RENAME_MS');
    const moved = changedSince(file, file.name);
    if (moved) return failed('rename', `not replaced: ${moved}`);
    try {
      renameSync(copy, file.name);
    } catch (error) {
      return failed('rename', `${file.path}: ${(error as Error).message}`);
    }
    inFlight.delete(copy);
    return { failed: null, said: changed.said, copy };
  } finally {
    if (inFlight.delete(copy)) rmSync(copy, { force: true });
    if (inFlight.size === 0) stopListening();
  }
}

// A pause the race tests use to widen a window; read only when the test
// seam is switched on, so a stray variable in a user's shell does nothing.
export async function testPause(name: string): Promise<void> {
  if (process.env.UV_SHIM_TEST_SEAMS !== '1') return;
  const ms = Number(process.env[name] ?? 0);
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
}
