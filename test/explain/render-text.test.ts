import { describe, expect, it } from 'vitest';
import kleur from 'kleur';
import type { Explanation } from '../../src/explain/facts.js';
import { fixCommands } from '../../src/explain/fixes.js';
import { renderText } from '../../src/explain/render-text.js';
import { notTriedOutcome } from '../../src/guard/repair-outcome.js';

// The longest explanation there is: macOS, a universal binary with a broken
// slice, both marks, a blocked repair of several commands.
const FILE = '/Users/me/.local/share/uv/python/cpython-3.13.3-macos-aarch64-none/bin/python3.13';
const WORST: Explanation = {
  schema: 2,
  platform: 'darwin',
  trigger: 'query-failed',
  cause: 'macos-refused',
  command: ['uvx', 'dvc', '--version'],
  exit: { code: 2, signal: null },
  attempt: 1,
  memory: null,
  evidence: null,
  killed: {
    file: FILE,
    via: '/Users/me/.local/share/uv/tools/dvc/bin/python',
    provenance: true,
    quarantine: true,
    signature: { adhoc: true, teamId: null, pageHashesValid: false },
    spctl: 'rejected (exit 3)',
    reason: 'the system kills it on start with SIGKILL',
    managed: true,
  },
  repair: {
    status: 'blocked', file: FILE, via: '/Users/me/.local/share/uv/tools/dvc/bin/python',
    before: 'killed', why: 'the system kills it on start with SIGKILL', signatureBefore: null,
    after: 'killed', afterWhy: 'the system kills it on start with SIGKILL', signatureAfter: null,
    steps: [
      { tool: 'xattr', attribute: 'com.apple.provenance', command: `xattr -d com.apple.provenance ${FILE}`, result: 'ok', said: '' },
      { tool: 'codesign', command: `/usr/bin/codesign --force --sign - ${FILE}`, result: 'refused', said: `${FILE}: Operation not permitted` },
    ],
    skipped: null, error: null,
  },
  retry: 'none',
  fixes: [],
  upstream: 'https://github.com/astral-sh/uv/issues/16726',
};
WORST.fixes = fixCommands(WORST.killed!);

function paint(enabled: boolean) {
  const k = kleur;
  k.enabled = enabled;
  return k;
}

describe('the text renderer', () => {
  it('keeps the longest explanation within 15 lines', () => {
    const lines = renderText(WORST, paint(false));
    expect(lines.length).toBeLessThanOrEqual(15);
    expect(lines.join('\n')).toMatchInlineSnapshot(`
      "uv-shim: uv exited with 2: it could not query a Python interpreter: macOS killed that Python (Gatekeeper's code-signing enforcement; SIGKILL).
        file:      /Users/me/.local/share/uv/python/cpython-3.13.3-macos-aarch64-none/bin/python3.13 (via /Users/me/.local/share/uv/tools/dvc/bin/python)
        xattrs:    com.apple.provenance present, com.apple.quarantine present
        signature: ad-hoc, TeamIdentifier not set, page hashes INVALID
        spctl:     rejected (exit 3)
        tried:     removed com.apple.provenance; codesign was refused (/Users/me/.local/share/uv/python/cpython-3.13.3-macos-aarch64-none/bin/python3.13: Operation not permitted): refused by the system
        fix:       xattr -d com.apple.provenance /Users/me/.local/share/uv/python/cpython-3.13.3-macos-aarch64-none/bin/python3.13
                   xattr -d com.apple.quarantine /Users/me/.local/share/uv/python/cpython-3.13.3-macos-aarch64-none/bin/python3.13
                   codesign --force --sign - /Users/me/.local/share/uv/python/cpython-3.13.3-macos-aarch64-none/bin/python3.13
        codesign blocked (managed Mac)? Run \`spctl developer-mode enable-terminal\`, then allow your terminal in
          System Settings → Privacy & Security → Developer Tools; or use a Homebrew/system Python:
          UV_PYTHON_PREFERENCE=only-system (--python-preference only-system); or \`uv python install --reinstall 3.13.3\`.
        context: uv issue 16726, https://github.com/astral-sh/uv/issues/16726"
    `);
  });

  it('colours only when its paint does', () => {
    expect(renderText(WORST, paint(false)).join('\n')).not.toContain('\x1b[');
    expect(renderText(WORST, paint(true)).join('\n')).toContain('\x1b[');
  });
});

const SO = '/Users/me/proj/.venv/lib/python3.13/site-packages/numpy/_core/_multiarray_umath.cpython-313-darwin.so';
const LOG_LINE = `CODE SIGNING: process 4242[python3.13]: rejecting invalid page at address 0x105048000 from offset 0x224000 in file "${SO}" (cs_mtime:1678912860.971028164 == mtime:1678912860.971028164) (signed:1 validated:1 tainted:1 nx:0 wpmapped:0 dirty:0 depth:0)`;
const REPORT = {
  path: '/Users/me/Library/Logs/DiagnosticReports/python3.13-2026-11-27-101500.ips',
  bugType: '309',
  time: 0,
  procName: 'python3.13',
  procPath: FILE,
  pid: 4242,
  parentProc: 'uv',
  parentPid: 4200,
  signal: 'SIGKILL (Code Signature Invalid)',
  namespace: 'CODESIGNING',
  code: 2,
  indicator: 'Invalid Page',
  codeSigningFlags: 570425857,
};
const INVALID_PAGE: Explanation = {
  ...WORST,
  trigger: 'exit-137',
  command: ['uv', 'run', 'python', '-c', 'import numpy'],
  exit: { code: 137, signal: null },
  killed: {
    file: SO, via: null, provenance: false, quarantine: false,
    signature: { adhoc: true, teamId: null, pageHashesValid: false },
    spctl: null, reason: 'a page of it no longer matches its code signature', managed: false,
  },
  evidence: {
    reportsDir: '/Users/me/Library/Logs/DiagnosticReports',
    report: REPORT,
    kind: 'invalid-page',
    file: SO,
    fileFrom: 'log',
    log: { asked: true, error: null, line: LOG_LINE },
  },
  repair: notTriedOutcome(SO, 'a page of it no longer matches its code signature', { kind: 'named-after-run' }),
};
INVALID_PAGE.fixes = fixCommands(INVALID_PAGE.killed!);

describe('the text renderer with macOS\'s evidence', () => {
  it('names the file of an invalid page from the log, with the report', () => {
    const lines = renderText(INVALID_PAGE, paint(false));
    expect(lines.length).toBeLessThanOrEqual(15);
    expect(lines.join('\n')).toMatchInlineSnapshot(`
      "uv-shim: uv exited with 137 (128 + SIGKILL): macOS killed python3.13 for an invalid page in _multiarray_umath.cpython-313-darwin.so (Gatekeeper's code-signing enforcement: "Invalid Page").
        macOS:     CODESIGNING code 2, "Invalid Page" for python3.13 (pid 4242), /Users/me/Library/Logs/DiagnosticReports/python3.13-2026-11-27-101500.ips
        log:       CODE SIGNING: process 4242[python3.13]: rejecting invalid page at address 0x105048000 from offset 0x224000 in file "/Users/me/proj/.venv/lib/python3.13/site-packages/numpy/_core/_multiarray_umath.cpython-313-darwin.so" …
        file:      /Users/me/proj/.venv/lib/python3.13/site-packages/numpy/_core/_multiarray_umath.cpython-313-darwin.so
        xattrs:    com.apple.provenance absent, com.apple.quarantine absent
        signature: ad-hoc, TeamIdentifier not set, page hashes INVALID
        tried:     nothing: macOS named it after the run
        fix:       codesign --force --sign - /Users/me/proj/.venv/lib/python3.13/site-packages/numpy/_core/_multiarray_umath.cpython-313-darwin.so
        codesign blocked (managed Mac)? Run \`spctl developer-mode enable-terminal\`, then allow your terminal in
          System Settings → Privacy & Security → Developer Tools; or use a Homebrew/system Python:
          UV_PYTHON_PREFERENCE=only-system (--python-preference only-system); or \`uv sync --reinstall\`.
        context: uv issue 16726, https://github.com/astral-sh/uv/issues/16726"
    `);
  });

  it('says that removing provenance alone does not cure a taskgated kill, within 15 lines', () => {
    const taskgated: Explanation = {
      ...WORST,
      evidence: {
        ...INVALID_PAGE.evidence!,
        report: { ...REPORT, code: 1, indicator: 'Taskgated Invalid Signature' },
        kind: 'taskgated', file: FILE, fileFrom: 'report', log: { asked: false, error: null, line: null },
      },
    };
    const lines = renderText(taskgated, paint(false));
    expect(lines.length).toBeLessThanOrEqual(15);
    expect(lines.join('\n')).toMatchInlineSnapshot(`
      "uv-shim: uv exited with 2: it could not query a Python interpreter: macOS refused to run python3.13 (Gatekeeper: taskgated rejected its signature, "Taskgated Invalid Signature").
        macOS:     CODESIGNING code 1, "Taskgated Invalid Signature" for python3.13 (pid 4242), /Users/me/Library/Logs/DiagnosticReports/python3.13-2026-11-27-101500.ips
        file:      /Users/me/.local/share/uv/python/cpython-3.13.3-macos-aarch64-none/bin/python3.13 (via /Users/me/.local/share/uv/tools/dvc/bin/python)
        xattrs:    com.apple.provenance present, com.apple.quarantine present
        signature: ad-hoc, TeamIdentifier not set, page hashes INVALID
        tried:     removed com.apple.provenance; codesign was refused (/Users/me/.local/share/uv/python/cpython-3.13.3-macos-aarch64-none/bin/python3.13: Operation not permitted): refused by the system
        Removing com.apple.provenance alone does not help: macOS remembers the rejected code until it is re-signed.
        fix:       xattr -d com.apple.provenance /Users/me/.local/share/uv/python/cpython-3.13.3-macos-aarch64-none/bin/python3.13
                   xattr -d com.apple.quarantine /Users/me/.local/share/uv/python/cpython-3.13.3-macos-aarch64-none/bin/python3.13
                   codesign --force --sign - /Users/me/.local/share/uv/python/cpython-3.13.3-macos-aarch64-none/bin/python3.13
        codesign blocked (managed Mac)? Run \`spctl developer-mode enable-terminal\`, then allow your terminal in
          System Settings → Privacy & Security → Developer Tools; or use a Homebrew/system Python:
          UV_PYTHON_PREFERENCE=only-system (--python-preference only-system); or \`uv python install --reinstall 3.13.3\`.
        context: uv issue 16726, https://github.com/astral-sh/uv/issues/16726"
    `);
  });

  it('says when the log could not be read and no file is named', () => {
    const unnamed: Explanation = {
      ...INVALID_PAGE,
      killed: null,
      fixes: [],
      repair: null,
      evidence: { ...INVALID_PAGE.evidence!, file: null, fileFrom: null, log: { asked: true, error: 'log: Could not open local log store', line: null } },
    };
    expect(renderText(unnamed, paint(false)).join('\n')).toMatchInlineSnapshot(`
      "uv-shim: uv exited with 137 (128 + SIGKILL): macOS killed python3.13 for an invalid page (Gatekeeper's code-signing enforcement: "Invalid Page").
        macOS:     CODESIGNING code 2, "Invalid Page" for python3.13 (pid 4242), /Users/me/Library/Logs/DiagnosticReports/python3.13-2026-11-27-101500.ips
        log:       not readable (log: Could not open local log store)
        file:      not named by macOS
        fix:       re-sign what it loads: \`uv-shim repair\`, or \`codesign --force --sign - <file>\` on the file the log names."
    `);
  });

  it('says the kill came from outside when macOS wrote no report', () => {
    const outside: Explanation = {
      ...WORST,
      trigger: 'uv-killed', cause: 'outside-sigkill', killed: null, repair: null, fixes: [], upstream: null,
      exit: { code: null, signal: 'SIGKILL' },
      evidence: { reportsDir: '/Users/me/Library/Logs/DiagnosticReports', report: null, kind: 'none', file: null, fileFrom: null, log: { asked: false, error: null, line: null } },
    };
    expect(renderText(outside, paint(false)).join('\n')).toMatchInlineSnapshot(`
      "uv-shim: uv was killed by SIGKILL; it could not report why itself.
        macOS wrote no crash report for this run in /Users/me/Library/Logs/DiagnosticReports: not Gatekeeper or code signing.
        The SIGKILL came from outside: a \`kill -9\`, a timeout, or memory pressure."
    `);
  });

  it('explains uv\'s exit 2 off macOS when the probe saw the interpreter killed', () => {
    const linux: Explanation = {
      ...WORST,
      platform: 'linux', cause: 'interpreter-killed', repair: null, fixes: [], upstream: null, evidence: null,
      killed: { ...WORST.killed!, file: '/opt/py/bin/python3.12', via: '/work/.venv/bin/python', provenance: false, quarantine: false, signature: null, spctl: null, reason: 'the system kills it on start with SIGKILL' },
    };
    expect(renderText(linux, paint(false)).join('\n')).toMatchInlineSnapshot(`
      "uv-shim: uv exited with 2: it could not query a Python interpreter: the Python it asked is killed by SIGKILL as it starts.
        file:      /opt/py/bin/python3.12 (via /work/.venv/bin/python)
        The shim's own probe (\`python3.12 -I -S -c ''\`) is killed the same way: the system kills it on start with SIGKILL.
        Something on this system kills it on start: a security policy, a memory limit, or a broken install.
        fix:       run it by hand to see; or reinstall it (\`uv python install --reinstall\`)."
    `);
  });
});
