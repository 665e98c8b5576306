import { shellQuote } from '../common/shell-quote.js';
import { adhocSignCommand, shimRepairCommand } from '../darwin/repair-commands.js';
import type { RepairOutcome, RepairStep, SkipReason } from './repair-outcome.js';

// The one place a repair outcome becomes prose. Every caller renders the
// same RepairOutcome value; none builds its own sentence about a repair.

// Why nothing was run, and what the user can do about it.
export function skipText(reason: SkipReason, file: string): { why: string; hint: string } {
  const byHand = `Run \`${shimRepairCommand(file)}\` to repair it by hand.`;
  const trust = `If you trust this interpreter, add its directory to "repairAllow" in the uv-shim config, or run \`${adhocSignCommand(file, { preserveMetadata: false })}\` yourself.`;
  switch (reason.kind) {
    case 'not-macos': return { why: 'only macOS interpreters can be repaired', hint: 'Nothing to do on this system.' };
    case 'no-command-line-tools': return { why: 'codesign needs the Xcode Command Line Tools, which are not installed', hint: 'Run `xcode-select --install`, then the command again.' };
    case 'launch-constraint': return { why: 'macOS refused where it was or what started it (a launch constraint), not its code: re-signing does not help', hint: 'Start it the way its vendor ships it.' };
    case 'named-after-run': return { why: 'macOS named it after the run', hint: `Run \`${shimRepairCommand(file)}\` if it is yours to repair.` };
    case 'guard-off': return { why: 'the guard is off (guard = false)', hint: `Run \`${shimRepairCommand(file)}\` to repair it by hand.` };
    case 'gone': return { why: 'it no longer exists', hint: 'Run the command again.' };
    case 'repairs-off': return { why: 'repairs are off (repair = "off")', hint: byHand };
    case 'no-terminal': return { why: 'repair = "prompt" and there is no terminal to ask on', hint: `Run \`${shimRepairCommand(file)}\`.` };
    case 'protected': return { why: `${file} is in ${reason.tree}, a system or package-manager tree`, hint: 'uv-shim never re-signs files it does not own.' };
    case 'outside-allowed': return { why: `${file} lies outside uv's managed Python dir and the repairAllow trees`, hint: trust };
    case 'hard-linked':
      return {
        why: `${file} has ${reason.links} names${reason.outside ? `, one of them outside the allowed trees (${reason.outside})` : ' and not all of them are known to be inside the allowed trees'}; re-signing it in place would change them all`,
        hint: `Reinstall the interpreter (\`uv python install --reinstall\`), or copy it to a file of its own and re-sign that.`,
      };
    case 'others-can-write': {
      const who = reason.by === 'others' ? 'other users' : `group ${reason.gid}, which is not yours`;
      return { why: `${reason.dir} can be written by ${who}, so the file could be swapped while it is repaired`, hint: `Run \`chmod go-w ${shellQuote(reason.dir)}\` if that is not meant.` };
    }
    case 'foreign-owner':
      return {
        why: `${reason.path === file ? 'it' : reason.path} belongs to another user (uid ${reason.uid}); uv-shim does not change another user's files`,
        hint: `That user can repair it by running \`${shimRepairCommand(file)}\` themselves.`,
      };
    case 'failed-before': return { why: 'a repair of this exact file already failed; not trying again until it changes', hint: byHand };
    case 'failed-elsewhere': return { why: 'another uv-shim tried and it did not help', hint: byHand };
    case 'declined': return { why: 'declined at the prompt', hint: '' };
    case 'lock-busy': return { why: 'another uv-shim has been repairing it for too long', hint: 'Run the command again.' };
    case 'changed': return { why: `it changed while it was being repaired (${reason.detail}), so nothing was touched`, hint: 'Run the command again.' };
  }
}

// The step that decided a failure: the refused one, else the last that failed.
function decisiveStep(o: RepairOutcome): RepairStep | undefined {
  return o.steps.find((s) => s.result === 'refused') ?? [...o.steps].reverse().find((s) => s.result === 'failed');
}

function toolSaid(step: RepairStep | undefined): string {
  if (!step) return '';
  const said = step.said.split('\n').filter(Boolean).pop() ?? '';
  return said || `${step.tool} ${step.result}`;
}

// What the steps did, in words and in order: "removed com.apple.provenance;
// re-signed it ad hoc", or "removed com.apple.provenance; codesign was
// refused (…)". The copy and the rename of a new-inode re-sign are one act.
export function stepsText(o: RepairOutcome): string {
  const parts: string[] = [];
  const copied = o.steps.some((s) => s.tool === 'rename' && s.result === 'ok');
  // Where the last "removed …" part is: an attribute removed right after
  // it joins it ("removed A and B").
  let removedAt = -1;
  // A one-slice re-sign: lipo took the slice out and put it back.
  const slice = o.steps.find((s) => s.tool === 'lipo')?.arch;
  for (const s of o.steps) {
    if (s.tool === 'xattr' && s.result === 'ok') {
      if (removedAt >= 0 && removedAt === parts.length - 1) parts[removedAt] += ` and ${s.attribute}`;
      else removedAt = parts.push(`removed ${s.attribute}`) - 1;
    } else if (s.tool === 'xattr') parts.push(`removing ${s.attribute} was ${s.result === 'refused' ? 'refused' : 'not possible'} (${toolSaid(s)})`);
    else if (s.tool === 'codesign' && s.result === 'ok' && slice) parts.push(`re-signed its ${slice} slice ad hoc, the other slices untouched${copied ? ', and put it in its place' : ''}`);
    else if (s.tool === 'codesign' && s.result === 'ok') parts.push(copied ? 're-signed a copy ad hoc and put it in its place' : 're-signed it ad hoc');
    else if (s.tool === 'lipo' && s.result === 'ok') continue;
    else if (s.tool === 'lipo') parts.push(`lipo could not ${s.action === 'thin' ? 'take out' : 'put back'} the ${s.arch} slice (${toolSaid(s)})`);
    else if (s.tool === 'codesign') parts.push(`codesign was ${s.result === 'refused' ? 'refused' : 'not able to sign it'} (${toolSaid(s)})`);
    else if (s.result === 'failed') parts.push(`${s.tool === 'copy' ? 'copying it' : 'putting the copy in its place'} failed (${toolSaid(s)})`);
  }
  return parts.join('; ') || 'nothing was run';
}

// The file as messages name it: its real path, and the link the user knows.
export function fileText(o: Pick<RepairOutcome, 'file' | 'via'>): string {
  return o.via && o.via !== o.file ? `${o.file} (via ${o.via})` : o.file;
}

// The one stderr line for a repair the guard or the explanation ran; null
// for outcomes that say nothing there (a dry run). `logPath` is null when
// repairs.log could not be written (an unusable cache dir).
export function outcomeMessage(o: RepairOutcome, logPath: string | null): string | null {
  const name = fileText(o);
  const see = logPath ? ` (see ${logPath})` : '';
  switch (o.status) {
    case 'repaired':
      if (o.steps.length === 0) return `${name}: another uv-shim repaired it meanwhile.`;
      return `repaired ${name}: ${o.why}; ${stepsText(o)}; it runs now${see}.`;
    case 'blocked':
      return `could not repair ${name}: the system refused (${toolSaid(decisiveStep(o))}); ${stepsText(o)}. uv may fail${logPath ? `; see ${logPath}` : ''}.`;
    case 'did-not-help': {
      const still = o.error ?? `still ${o.after ?? 'refused'} afterwards${o.afterWhy ? `: ${o.afterWhy}` : ''}`;
      return `repairing ${name} did not help (${stepsText(o)}; ${still}); not trying again until it changes.${logPath ? ` See ${logPath}.` : ''}`;
    }
    case 'skipped': {
      const { why, hint } = skipText(o.skipped!, o.file);
      return `${name}: ${o.why}; not repaired: ${why}.${hint ? ` ${hint}` : ''}`;
    }
    case 'planned':
      return null;
  }
}

// `uv-shim repair` output for one file (stdout: the user asked for it).
export function outcomeReport(o: RepairOutcome): string[] {
  switch (o.status) {
    case 'planned': return [`would repair: ${o.file} (${o.why})`, ...o.steps.map((s) => `  ${s.command}`)];
    case 'repaired':
      return [o.steps.length === 0 ? `repaired: ${o.file} (another uv-shim repaired it)` : `repaired: ${o.file} (was ${o.before}, now ${o.after}): ${stepsText(o)}`];
    case 'blocked': return [`not repaired: ${o.file}: the system refused (${toolSaid(decisiveStep(o))}); ${stepsText(o)}`];
    case 'did-not-help': return [`not repaired: ${o.file}: it did not help (${stepsText(o)}; still ${o.after ?? 'refused'})${o.error ? `: ${o.error}` : ''}`];
    case 'skipped': {
      const { why, hint } = skipText(o.skipped!, o.file);
      return [`not repaired: ${o.file}: ${why}.${hint ? ` ${hint}` : ''}`];
    }
  }
}

// The explanation's "tried:" line, without colour: what ran and what came of it.
export function outcomeSummary(o: RepairOutcome): { text: string; verdict: 'runs' | 'refused' | 'failed' | null } {
  switch (o.status) {
    case 'skipped': return { text: `nothing: ${skipText(o.skipped!, o.file).why}`, verdict: null };
    case 'planned': return { text: 'nothing (dry run)', verdict: null };
    case 'repaired': return { text: o.steps.length === 0 ? 'another uv-shim repaired it' : stepsText(o), verdict: 'runs' };
    case 'blocked': return { text: stepsText(o), verdict: 'refused' };
    case 'did-not-help': return { text: stepsText(o), verdict: 'failed' };
  }
}

// One repairs.log line: the outcome itself, with the time and the commands
// as typed, for people who grep the log.
export function outcomeLogLine(o: RepairOutcome, time: Date): string {
  return `${JSON.stringify({ time: time.toISOString(), ...o, commands: o.steps.filter((s) => s.result !== 'planned').map((s) => s.command) })}\n`;
}
