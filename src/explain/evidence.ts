import { spawn } from 'node:child_process';
import { lstatSync, readdirSync } from 'node:fs';
import { basename, join, sep } from 'node:path';
import { readBoundedText } from '../bounded-read.js';
import { userHome } from '../paths.js';
import { killKindOf, parseIpsReport, type CrashReport, type KillKind } from './evidence-ips.js';
import { findingFor, LOG_PREDICATE, logStoreError, parseLogNdjson, type LogFinding } from './evidence-log.js';
import type { EvidenceFacts } from './facts.js';

// Bounds: macOS keeps a few hundred reports; we look at the newest few that
// were written during the run, and at most this much of each (real reports
// are 30–300 KB; the fields we need are in the first part of the body, but
// the body is one JSON object, so a cut report is unreadable and skipped).
const MAX_LISTED = 2000;
const MAX_REPORTS = 16;
const MAX_REPORT_BYTES = 2 * 1024 * 1024;
const MAX_LOG_BYTES = 4 * 1024 * 1024;
export const LOG_TIMEOUT_MS = 2000;
// Clock rounding between the shim's clock and the report's captureTime.
const SLACK_MS = 2000;

// What ties a crash report to this run.
export interface RunScope {
  // When the run started and ended (ms since the epoch).
  startedAt: number;
  endedAt: number;
  // Files this command may have run: interpreters, environments' executables.
  programs: string[];
  // Trees whose executables belong to this command: its environments,
  // uv's Python installations, uv's tool environments.
  trees: string[];
}

export function reportsDir(env: NodeJS.ProcessEnv): string {
  return join(userHome(env), 'Library', 'Logs', 'DiagnosticReports');
}

export function logToolPath(env: NodeJS.ProcessEnv): string {
  return env.UV_SHIM_LOG_TOOL || '/usr/bin/log';
}

// Reads what macOS wrote about a kill during the run: the crash report of a
// process of this command, and, when the report does not name the file
// (an invalid page), the kernel's log line that does. Never throws.
export async function gatherEvidence(env: NodeJS.ProcessEnv, scope: RunScope): Promise<EvidenceFacts> {
  const dir = reportsDir(env);
  const found = newestReports(dir, scope).find((r) => belongsToRun(r.report, scope)) ?? null;
  const facts: EvidenceFacts = {
    reportsDir: dir,
    report: found ? { path: found.path, ...found.report } : null,
    kind: found ? killKindOf(found.report) : 'none',
    file: null,
    fileFrom: null,
    log: { asked: false, error: null, line: null },
  };
  if (!found) return facts;
  if (facts.kind === 'taskgated' || facts.kind === 'launch-constraint') {
    // The refused file is the executable itself.
    facts.file = found.report.procPath;
    facts.fileFrom = 'report';
    return facts;
  }
  if (facts.kind !== 'invalid-page' && facts.kind !== 'codesigning') return facts;
  const seconds = Math.max(1, Math.ceil((Date.now() - scope.startedAt + SLACK_MS) / 1000));
  const asked = await askLog(env, seconds);
  facts.log = { asked: true, error: asked.error, line: null };
  const finding = asked.findings ? findingFor(asked.findings, found.report.pid) : null;
  if (finding) {
    facts.log.line = finding.line;
    if (finding.file && !finding.truncated) {
      facts.file = finding.file;
      facts.fileFrom = 'log';
    } else if (finding.file) {
      facts.file = resolveTruncated(finding.file, scope.programs);
      facts.fileFrom = facts.file ? 'log' : null;
    }
  }
  return facts;
}

type Found = { path: string; report: CrashReport };

// The reports written since the run started, newest first. Only regular
// files, never followed through a link, each read up to a bound.
function newestReports(dir: string, scope: RunScope): Found[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.ips')).slice(0, MAX_LISTED);
  } catch {
    return [];
  }
  const recent: { path: string; mtime: number }[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const st = lstatSync(path, { throwIfNoEntry: false });
    if (!st?.isFile() || st.mtimeMs < scope.startedAt - SLACK_MS) continue;
    recent.push({ path, mtime: st.mtimeMs });
  }
  recent.sort((a, b) => b.mtime - a.mtime);
  const out: Found[] = [];
  for (const { path } of recent.slice(0, MAX_REPORTS)) {
    // Regular files only, no link followed, bounded (src/bounded-read.ts).
    const text = readBoundedText(path, MAX_REPORT_BYTES);
    const report = text === null ? null : parseIpsReport(text);
    if (report && report.bugType === '309') out.push({ path, report });
  }
  return out;
}

// A report is this run's when it was captured during the run and the dead
// process is one of the command's programs, lives in one of its trees, or
// was started by uv or a Python of the run.
export function belongsToRun(report: CrashReport, scope: RunScope): boolean {
  if (report.time !== null && (report.time < scope.startedAt - SLACK_MS || report.time > scope.endedAt + SLACK_MS)) return false;
  const path = report.procPath;
  if (path && scope.programs.includes(path)) return true;
  if (path && scope.trees.some((t) => path.startsWith(t.endsWith(sep) ? t : t + sep))) return true;
  return isRunParent(report.parentProc) || isRunProcess(report.procName);
}

function isRunParent(name: string | null): boolean {
  return name !== null && (name === 'uv' || name === 'uvx' || /^python(\d+(\.\d+)?t?)?$/.test(name));
}

function isRunProcess(name: string | null): boolean {
  return name !== null && (name === 'uv' || name === 'uvx' || /^python(\d+(\.\d+)?t?)?$/.test(name));
}

// A "/.../name" path from the kernel: the one program of the run with that name.
function resolveTruncated(file: string, programs: string[]): string | null {
  const name = basename(file);
  const matches = programs.filter((p) => basename(p) === name);
  return matches.length === 1 ? matches[0]! : null;
}

// Asks the unified log for the kernel's code-signing lines of the last
// `seconds`, for at most LOG_TIMEOUT_MS (then the tool is killed).
async function askLog(env: NodeJS.ProcessEnv, seconds: number): Promise<{ findings: LogFinding[] | null; error: string | null }> {
  const tool = logToolPath(env);
  const args = ['show', '--style', 'ndjson', '--last', `${seconds}s`, '--predicate', LOG_PREDICATE];
  return new Promise((resolve) => {
    let out = '';
    let err = '';
    let timedOut = false;
    let child;
    try {
      child = spawn(tool, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      resolve({ findings: null, error: `${tool} could not be started (${String(error)})` });
      return;
    }
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, LOG_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      if (out.length < MAX_LOG_BYTES) out += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (err.length < 64 * 1024) err += chunk.toString('utf8');
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ findings: null, error: error.code === 'ENOENT' ? `${tool} not found` : error.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const findings = parseLogNdjson(out);
      if (findings.length > 0) return resolve({ findings, error: null });
      if (timedOut) return resolve({ findings, error: `\`log show\` gave no answer within ${LOG_TIMEOUT_MS / 1000} s` });
      if (code !== 0) {
        return resolve({ findings, error: logStoreError(err) ?? (err.trim().split('\n')[0] || `\`log show\` exited with ${code}`) });
      }
      resolve({ findings, error: null });
    });
  });
}

export type { KillKind };
