import { accessSync, chmodSync, constants, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { changedSince, closeChecked, inCheckedDir, openChecked, type CheckedFile } from './checked-file.js';
import { isBlockedMessage, parseCodesignDisplay, verifyMessage, type CodesignDisplay } from './codesign-parse.js';
import { copyName, replaceWithNewInode } from './new-inode.js';
import { ADHOC_SIGN_ARGS } from './repair-commands.js';
import { shellQuote } from '../common/shell-quote.js';
import { runTool } from './run-tool.js';
import type { FileReport, ToolStep } from './types.js';
import { codesignPath, lipoPath } from './tool-paths.js';

export interface CodesignVerifyResult {
  ok: boolean;
  exitCode: number | null;
  // codesign's verdict without the path ("valid on disk", …).
  message: string;
}

// `codesign --verify --strict -vv FILE`: exit 0 means the signature and every
// page match (and strict checks pass).
export async function codesignVerify(path: string, env: NodeJS.ProcessEnv = process.env): Promise<CodesignVerifyResult> {
  const result = await runTool(codesignPath(env), ['--verify', '--strict', '-vv', path], env);
  return { ok: result.exitCode === 0, exitCode: result.exitCode, message: verifyMessage(result.stderr, path) };
}

// `codesign -dvvv FILE`, parsed; `signature` is 'unsigned' for a file with
// no signature, and the parse of whatever was printed on any other failure.
export async function codesignDisplay(path: string, env: NodeJS.ProcessEnv = process.env): Promise<CodesignDisplay & { exitCode: number | null }> {
  const result = await runTool(codesignPath(env), ['-dvvv', path], env);
  return { ...parseCodesignDisplay(result.stderr + result.stdout), exitCode: result.exitCode };
}

export interface ResignResult {
  ok: boolean;
  method: 'in-place' | 'new-inode';
  // Every step, in order, with the file's real path in its command.
  steps: ToolStep[];
  // The system refused (EPERM, policy, a managed Mac): retrying will not help.
  blocked: boolean;
}

// How a file is re-signed: in place; on a copy under a new inode that is
// renamed over it (the file has other names, which must keep their
// bytes); or one slice of a universal file, on such a copy, the others
// keeping their bytes and signatures (a Developer ID x86_64 slice stays one).
export type ResignHow = { how: 'in-place' } | { how: 'copy' } | { how: 'slice'; arch: string };

// The way this file will be re-signed, the one decision a repair and its
// dry run both read: its one slice that needs it, where lipo can run
// (without lipo every slice is signed, as codesign does); a copy when it
// has other names; else in place.
export function resignHow(report: FileReport, nlink: number, env: NodeJS.ProcessEnv = process.env): ResignHow {
  const arch = sliceNeedingResign(report);
  if (arch !== null && canRun(lipoPath(env))) return { how: 'slice', arch };
  return nlink > 1 ? { how: 'copy' } : { how: 'in-place' };
}

function canRun(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// One step of a re-sign: the step as shown, on real paths, and for a tool
// what is run in the pinned directory (bare names, `./NAME`).
interface ResignStep {
  step: ToolStep;
  run?: { tool: string; args: string[] };
}

// The files a one-slice re-sign makes beside the copy: the slice taken
// out, and the universal file it is put back into.
function sliceFiles(copy: string, arch: string): { thin: string; joined: string } {
  return { thin: `${copy}.${arch}`, joined: `${copy}.joined` };
}

// Every step of a re-sign, in order, planned: what adhocResign runs and
// records, and what a dry run shows. `copy` is the copy's name beside the
// file. codesign signs every architecture of a universal file: its manual
// gives `-a`/`--architecture` for verifying and displaying only ("When
// verifying or displaying signatures, explicitly select the Mach-O
// architecture given", codesign(1)), and Apple's Code Signing Guide says a
// universal binary "automatically has individual signatures applied to each
// architecture component". So one slice is re-signed on its own: `lipo
// -thin` takes it out, codesign signs that thin file, `lipo -replace` puts
// it back (lipo(1)); all on the copy, in the pinned directory, before the
// rename.
function resignSteps(path: string, how: ResignHow, copy: string, env: NodeJS.ProcessEnv): ResignStep[] {
  const shown = (name: string) => join(dirname(path), name);
  const command = (tool: string, args: string[]) => [tool, ...args.map((a) => (a.startsWith('./') ? shown(a.slice(2)) : a))].map(shellQuote).join(' ');
  const planned = { result: 'planned', said: '' } as const;
  const codesign = codesignPath(env);
  const sign = (name: string): ResignStep => {
    const args = [...ADHOC_SIGN_ARGS, `./${name}`];
    return { step: { tool: 'codesign', command: command(codesign, args), ...planned }, run: { tool: codesign, args } };
  };
  if (how.how === 'in-place') return [sign(basename(path))];
  const copied: ResignStep = { step: { tool: 'copy', command: `cp ${shellQuote(path)} ${shellQuote(shown(copy))}`, ...planned } };
  const renamed: ResignStep = { step: { tool: 'rename', command: `mv -f ${shellQuote(shown(copy))} ${shellQuote(path)}`, ...planned } };
  if (how.how === 'copy') return [copied, sign(copy), renamed];
  const { arch } = how;
  const lipo = lipoPath(env);
  const { thin, joined } = sliceFiles(copy, arch);
  const lipoStep = (action: 'thin' | 'replace', args: string[]): ResignStep => ({
    step: { tool: 'lipo', arch, action, command: command(lipo, args), ...planned }, run: { tool: lipo, args },
  });
  return [
    copied,
    lipoStep('thin', [`./${copy}`, '-thin', arch, '-output', `./${thin}`]),
    sign(thin),
    lipoStep('replace', [`./${copy}`, '-replace', arch, `./${thin}`, '-output', `./${joined}`]),
    renamed,
  ];
}

// The steps a re-sign of `path` would run, as `uv-shim repair --dry-run`
// shows them (the copy's name has another random part when it runs).
export function plannedResignSteps(path: string, how: ResignHow, env: NodeJS.ProcessEnv = process.env): ToolStep[] {
  return resignSteps(path, how, copyName(basename(path)), env).map((s) => s.step);
}

// Runs one step's tool in the pinned directory `dir` and says what became
// of it; its output names the real paths, as the command does.
async function runStep(s: ResignStep, dir: string, env: NodeJS.ProcessEnv): Promise<ToolStep> {
  const { tool, args } = s.run!;
  const result = await runTool(tool, args, env);
  let said = result.stderr;
  for (const a of args) if (a.startsWith('./')) said = said.split(a).join(join(dir, a.slice(2)));
  const refused = s.step.tool === 'codesign' && result.exitCode !== 0 && isBlockedMessage(result.stderr);
  return { ...s.step, result: result.exitCode === 0 ? 'ok' : refused ? 'refused' : 'failed', said: said.trim() };
}

// Runs the tool steps on the copy, in order, up to the first that fails;
// a one-slice re-sign then moves the joined file over the copy. The thin
// and joined files are removed whatever happens.
async function changeCopy(
  steps: ResignStep[], how: ResignHow, copy: string, file: CheckedFile, env: NodeJS.ProcessEnv, ran: ToolStep[],
): Promise<{ ok: boolean; said: string }> {
  const made = how.how === 'slice' ? sliceFiles(copy, how.arch) : null;
  try {
    for (const s of steps) {
      if (!s.run) continue;
      const done = await runStep(s, file.dir, env);
      ran.push(done);
      if (done.result !== 'ok') return { ok: false, said: done.said };
    }
    if (made) {
      try {
        // lipo's output has lipo's idea of the mode: the original's, as the copy had.
        chmodSync(made.joined, file.mode & 0o777);
        renameSync(made.joined, copy);
      } catch (error) {
        // lipo said it wrote the joined file, and there is none to use.
        const said = (error as Error).message;
        ran.push({ ...ran.pop()!, result: 'failed', said });
        return { ok: false, said };
      }
    }
    return { ok: true, said: '' };
  } finally {
    if (made) {
      rmSync(made.thin, { force: true });
      rmSync(made.joined, { force: true });
    }
  }
}

// Ad-hoc re-signs one checked file (openChecked, inside inCheckedDir: the
// working directory is its directory and tools get its bare name), the way
// Homebrew repairs the binaries it patches: in place first; if codesign
// fails for any reason but a refusal, or for a copy or a slice (see
// ResignHow), a copy is made under a new inode, changed and renamed over
// the original, which also leaves behind whatever the kernel cached for
// the old inode.
export async function adhocResign(file: CheckedFile, env: NodeJS.ProcessEnv = process.env, how: ResignHow = { how: 'in-place' }): Promise<ResignResult> {
  const steps: ToolStep[] = [];
  if (how.how === 'in-place') {
    const first = await runStep(resignSteps(file.path, how, '', env)[0]!, file.dir, env);
    steps.push(first);
    if (first.result === 'ok') return { ok: true, method: 'in-place', steps, blocked: false };
    if (first.result === 'refused') return { ok: false, method: 'in-place', steps, blocked: true };
    // codesign itself may have replaced the name meanwhile: copy only what we checked.
    const moved = changedSince(file, file.name);
    if (moved) return { ok: false, method: 'in-place', steps: [...steps, { tool: 'copy', command: '', result: 'failed', said: moved }], blocked: false };
  }
  const onCopy: ResignHow = how.how === 'slice' ? how : { how: 'copy' };
  const copy = copyName(file.name);
  const planned = resignSteps(file.path, onCopy, copy, env);
  const ran: ToolStep[] = [];
  const result = await replaceWithNewInode(file, () => changeCopy(planned, onCopy, copy, file, env, ran), copy);
  const failed = result.failed;
  const copyFailed = failed?.at === 'copy';
  steps.push({ ...planned[0]!.step, result: copyFailed ? 'failed' : 'ok', said: copyFailed ? failed.why : '' }, ...ran);
  // The rename was reached when the change succeeded: done, or refused.
  if (failed === null || failed.at === 'rename') steps.push({ ...planned.at(-1)!.step, result: failed ? 'failed' : 'ok', said: failed?.why ?? '' });
  return { ok: failed === null, method: 'new-inode', steps, blocked: ran.some((s) => s.tool === 'codesign' && s.result === 'refused') };
}

// adhocResign for a path: opened and pinned here (a link or anything but a
// regular file is refused, and nothing is run).
export async function adhocResignPath(path: string, env: NodeJS.ProcessEnv = process.env, how: ResignHow = { how: 'in-place' }): Promise<ResignResult> {
  const refused = (said: string): ResignResult => ({ ok: false, method: 'in-place', steps: [{ tool: 'codesign', command: '', result: 'failed', said }], blocked: false });
  const file = openChecked(path);
  if (typeof file === 'string') return refused(file);
  try {
    const result = await inCheckedDir(file, () => adhocResign(file, env, how));
    return typeof result === 'string' ? refused(result) : result;
  } finally {
    closeChecked(file);
  }
}

// The one slice of a universal file that needs a new signature (its pages
// do not match, or it is arm64 code with none), when every other slice is
// fine as it is; null when the file is thin, or more than one slice needs it
// (then every slice is signed, as codesign does).
export function sliceNeedingResign(report: FileReport): string | null {
  if (report.slices.length < 2) return null;
  const bad = report.slices.filter((s) => s.valid === false || (!s.signed && s.arch.startsWith('arm64')));
  return bad.length === 1 ? bad[0]!.arch : null;
}
