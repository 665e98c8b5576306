import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { SIMULATED_MAC } from '../gate/paths.js';
import { makeFakePython, REAL_PYTHON_MINOR, rejectCurrentIdentity } from '../helpers/fake-python.js';
import { runReal, runShim } from '../helpers/sandbox.js';
import { makeGuardSandbox, repairLogEntries, RUN_MANAGED, toolCalls, type GuardSandbox } from '../guard/guard-sandbox.js';
import { explanationOf, normalise, pythonPlaceholders } from './normalise.js';

const signCalls = (sb: GuardSandbox) => toolCalls(sb).filter((c) => c.startsWith('codesign ') && c.includes('--sign'));

// Counts the real uv's runs: the shim is pointed at a wrapper that logs each.
function countUvRuns(sb: GuardSandbox): () => number {
  const log = join(sb.root, 'uv-runs.log');
  const wrapper = join(sb.root, 'uv-wrapper');
  writeFileSync(wrapper, `#!/bin/sh\necho run >> '${log}'\nexec '${sb.realUv}' "$@"\n`);
  chmodSync(wrapper, 0o755);
  sb.env.UV_SHIM_REAL_UV = wrapper;
  return () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0);
}

// The crash report the exec gate wrote for this run: its pid and its
// time-stamped name differ from run to run.
function stable(text: string): string {
  return text.replace(/\(pid \d+\)/g, '(pid <pid>)').replace(/-\d{4}-\d\d-\d\d-\d{6}(-\d+)?\.ips/g, '-<time>.ips');
}

// The explanation with what differs between machines named instead: the
// sandbox and the tests' Python.
function explained(sb: GuardSandbox, stderr: string): string {
  return pythonPlaceholders(normalise(explanationOf(stderr), { [sb.root]: '<sandbox>' }));
}

const QUERY_FAILED = /Querying Python at `.*` failed with exit status signal: 9 \(SIGKILL\)$/m;

describe.runIf(SIMULATED_MAC)('the explanation under macOS rules, with the real uv', () => {
  it('names the interpreter macOS kills and its state when repairs are off', async () => {
    const sb = makeGuardSandbox();
    makeFakePython(sb.pythons, { provenance: true });
    const r = await runShim(sb, 'uv', RUN_MANAGED, { env: { ...sb.env, UV_SHIM_REPAIR: 'off' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(QUERY_FAILED);
    expect(signCalls(sb)).toHaveLength(0);
    expect(stable(explained(sb, r.stderr))).toMatchInlineSnapshot(`
      "uv-shim: uv exited with 2: it could not query a Python interpreter: macOS refused to run python<X.Y> (Gatekeeper: taskgated rejected its signature, "Taskgated Invalid Signature").
        macOS:     CODESIGNING code 1, "Taskgated Invalid Signature" for python<X.Y> (pid <pid>), <sandbox>/home/Library/Logs/DiagnosticReports/python<X.Y>-<time>.ips
        file:      <sandbox>/pythons/cpython-<X.Y.Z>-<platform>/bin/python<X.Y> (via <sandbox>/pythons/cpython-<X.Y.Z>-<platform>/bin/python3)
        xattrs:    com.apple.provenance present, com.apple.quarantine absent
        signature: ad-hoc, TeamIdentifier not set, page hashes valid
        tried:     nothing: repairs are off (repair = "off")
        Removing com.apple.provenance alone does not help: macOS remembers the rejected code until it is re-signed.
        fix:       xattr -d com.apple.provenance <sandbox>/pythons/cpython-<X.Y.Z>-<platform>/bin/python<X.Y>
                   codesign --force --sign - <sandbox>/pythons/cpython-<X.Y.Z>-<platform>/bin/python<X.Y>
        codesign blocked (managed Mac)? Run \`spctl developer-mode enable-terminal\`, then allow your terminal in
          System Settings → Privacy & Security → Developer Tools; or use a Homebrew/system Python:
          UV_PYTHON_PREFERENCE=only-system (--python-preference only-system); or \`uv python install --reinstall <X.Y.Z>\`.
        context: uv issue 16726, https://github.com/astral-sh/uv/issues/16726"
    `);
  });

  // A managed Mac: codesign refuses (the double's switch) and the file cannot
  // be changed at all (immutable, so removing the xattr fails with EPERM too;
  // on macOS Gatekeeper's cached rejection outlives that removal anyway).
  it('says what to do when codesign is refused, as on a managed Mac (root only: chattr +i)', async (test) => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons, { provenance: true });
    try {
      execFileSync('chattr', ['+i', fake.executable], { stdio: 'ignore' });
    } catch {
      return test.skip();
    }
    onTestFinished(() => {
      execFileSync('chattr', ['-i', fake.executable]);
    });
    const file = join(sb.root, 'explain.json');
    const r = await runShim(sb, 'uv', RUN_MANAGED, {
      env: { ...sb.env, UV_SHIM_TEST_CODESIGN_BLOCK: '1', UV_SHIM_EXPLAIN: 'json', UV_SHIM_EXPLAIN_FILE: file },
    });
    expect(r.code).toBe(2);
    // The guard tried once before uv ran; the post-mortem does not try again.
    expect(signCalls(sb)).toHaveLength(1);
    expect(stable(explained(sb, r.stderr))).toMatchInlineSnapshot(`
      "uv-shim: uv exited with 2: it could not query a Python interpreter: macOS refused to run python<X.Y> (Gatekeeper: taskgated rejected its signature, "Taskgated Invalid Signature").
        macOS:     CODESIGNING code 1, "Taskgated Invalid Signature" for python<X.Y> (pid <pid>), <sandbox>/home/Library/Logs/DiagnosticReports/python<X.Y>-<time>.ips
        file:      <sandbox>/pythons/cpython-<X.Y.Z>-<platform>/bin/python<X.Y> (via <sandbox>/pythons/cpython-<X.Y.Z>-<platform>/bin/python3)
        xattrs:    com.apple.provenance present, com.apple.quarantine absent
        signature: ad-hoc, TeamIdentifier not set, page hashes valid
        tried:     removing com.apple.provenance was refused (Operation not permitted (os error 1)); codesign was refused (<sandbox>/pythons/cpython-<X.Y.Z>-<platform>/bin/python<X.Y>: Operation not permitted): refused by the system
        Removing com.apple.provenance alone does not help: macOS remembers the rejected code until it is re-signed.
        fix:       xattr -d com.apple.provenance <sandbox>/pythons/cpython-<X.Y.Z>-<platform>/bin/python<X.Y>
                   codesign --force --sign - <sandbox>/pythons/cpython-<X.Y.Z>-<platform>/bin/python<X.Y>
        codesign blocked (managed Mac)? Run \`spctl developer-mode enable-terminal\`, then allow your terminal in
          System Settings → Privacy & Security → Developer Tools; or use a Homebrew/system Python:
          UV_PYTHON_PREFERENCE=only-system (--python-preference only-system); or \`uv python install --reinstall <X.Y.Z>\`.
        context: uv issue 16726, https://github.com/astral-sh/uv/issues/16726"
    `);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json).toMatchObject({ platform: 'darwin', trigger: 'query-failed', cause: 'macos-refused', retry: 'none' });
    expect(json.repair).toMatchObject({ status: 'blocked' });
  });

  it('does not blame macOS for a SIGKILL when no interpreter is refused', async () => {
    const sb = makeGuardSandbox();
    makeFakePython(sb.pythons);
    const selfKill = ['run', '--no-project', '--managed-python', '-p', REAL_PYTHON_MINOR, 'python', '-c', 'import os, signal; os.kill(os.getpid(), signal.SIGKILL)'];
    const r = await runShim(sb, 'uv', selfKill);
    expect(r.code).toBe(137);
    expect(signCalls(sb)).toHaveLength(0);
    expect(normalise(r.stderr, { [sb.root]: '<sandbox>' })).toMatchInlineSnapshot(`
      "uv-shim: uv exited with 137 (128 + SIGKILL): the program it ran was killed by SIGKILL, or exited with 137 itself.
        macOS wrote no crash report for this run in <sandbox>/home/Library/Logs/DiagnosticReports: not Gatekeeper or code signing.
        If it was killed, the SIGKILL came from outside: a \`kill -9\`, a timeout, or memory pressure."
    `);
  });

  describe('the overnight case: a file the guard cached as healthy starts being killed', () => {
    // Run once so the guard caches the interpreter as healthy, then have the
    // "system" reject the unchanged file. A fresh uv cache makes uv query it.
    async function overnight(sb: GuardSandbox) {
      const fake = makeFakePython(sb.pythons);
      const first = await runShim(sb, 'uv', RUN_MANAGED);
      expect(first.code).toBe(0);
      rejectCurrentIdentity(fake);
      sb.env.UV_CACHE_DIR = join(sb.root, 'uv-cache-next-morning');
      return fake;
    }

    it('repairs once, retries once, and the command succeeds', async () => {
      const sb = makeGuardSandbox();
      await overnight(sb);
      const uvRuns = countUvRuns(sb);
      const r = await runShim(sb, 'uv', RUN_MANAGED);
      expect(r.stderr).toMatch(QUERY_FAILED);
      expect(r.code).toBe(0);
      expect(r.stdout.toString()).toBe('hello from python\n');
      expect(uvRuns()).toBe(2);
      expect(signCalls(sb)).toHaveLength(1);
      expect(repairLogEntries(sb)).toMatchObject([{ status: 'repaired' }]);
      expect(stable(explained(sb, r.stderr))).toMatchInlineSnapshot(`
        "uv-shim: uv exited with 2: it could not query a Python interpreter: macOS refused to run python<X.Y> (Gatekeeper: taskgated rejected its signature, "Taskgated Invalid Signature").
          macOS:     CODESIGNING code 1, "Taskgated Invalid Signature" for python<X.Y> (pid <pid>), <sandbox>/home/Library/Logs/DiagnosticReports/python<X.Y>-<time>.ips
          file:      <sandbox>/pythons/cpython-<X.Y.Z>-<platform>/bin/python<X.Y> (via <sandbox>/pythons/cpython-<X.Y.Z>-<platform>/bin/python3)
          tried:     re-signed it ad hoc: it runs now
          Running your command again (once)."
      `);
    });

    // Exit 2 is any uv error, and any program's own exit 2 (a CLI's usage
    // error) too. When the environment's interpreter runs, uv could run the
    // program with it: a killed installation elsewhere does not prove that
    // nothing ran, so the command must not run a second time.
    it('does not retry when the environment uv ran the program with is healthy', async () => {
      const sb = makeGuardSandbox();
      // Both interpreters are the exec gate's stand-ins: the environment's
      // (healthy) and another installation that macOS will refuse.
      const healthy = makeFakePython(sb.pythons);
      const other = makeFakePython(sb.pythons, { version: `${REAL_PYTHON_MINOR}.0` });
      const venv = await runReal(sb, 'uv', ['venv', '--python', healthy.executable, '.venv']);
      expect(venv.code).toBe(0);
      const ranLog = join(sb.root, 'program-ran.log');
      const exitTwo = ['run', '--no-project', 'python', '-c', 'import sys; open(sys.argv[1], "a").write("ran\\n"); sys.exit(2)', ranLog];
      const ran = () => readFileSync(ranLog, 'utf8').split('\n').filter(Boolean).length;
      const first = await runShim(sb, 'uv', exitTwo);
      expect(first.code).toBe(2);
      expect(ran()).toBe(1);
      rejectCurrentIdentity(other);
      const r = await runShim(sb, 'uv', exitTwo);
      expect(r.code).toBe(2);
      expect(ran()).toBe(2);
      expect(r.stderr).not.toContain('Running your command again');
    });

    // The same without an environment: uv picks the newest managed
    // installation, which runs; the post-mortem finds another one refused and
    // repairs it, but the program ran, so the command is not run again.
    it('does not retry when the managed interpreter uv ran the program with is healthy', async () => {
      const sb = makeGuardSandbox();
      const healthy = makeFakePython(sb.pythons);
      const other = makeFakePython(sb.pythons, { version: `${REAL_PYTHON_MINOR}.0` });
      const ranLog = join(sb.root, 'program-ran.log');
      const exitTwo = ['run', '--no-project', '--managed-python', '-p', REAL_PYTHON_MINOR, 'python', '-c', 'import sys; open(sys.argv[1], "a").write(sys.executable + "\\n"); sys.exit(2)', ranLog];
      const ran = () => readFileSync(ranLog, 'utf8').split('\n').filter(Boolean);
      const first = await runShim(sb, 'uv', exitTwo);
      expect(first.code, first.stderr).toBe(2);
      expect(ran()).toEqual([healthy.executable]);
      rejectCurrentIdentity(other);
      const r = await runShim(sb, 'uv', exitTwo);
      expect(r.code).toBe(2);
      // The post-mortem met the refused installation and repaired it ...
      expect(signCalls(sb)).toHaveLength(1);
      expect(repairLogEntries(sb)).toMatchObject([{ status: 'repaired' }]);
      // ... and did not run the command a second time.
      expect(ran()).toEqual([healthy.executable, healthy.executable]);
      expect(r.stderr).not.toContain('Running your command again');
    });

    it('with retry off, exits with uv\'s status and says the repair is done', async () => {
      const sb = makeGuardSandbox();
      await overnight(sb);
      const uvRuns = countUvRuns(sb);
      sb.env.UV_SHIM_RETRY = '0';
      const r = await runShim(sb, 'uv', RUN_MANAGED);
      expect(r.code).toBe(2);
      expect(r.stdout.length).toBe(0);
      expect(uvRuns()).toBe(1);
      expect(signCalls(sb)).toHaveLength(1);
      expect(stable(explained(sb, r.stderr))).toMatchInlineSnapshot(`
        "uv-shim: uv exited with 2: it could not query a Python interpreter: macOS refused to run python<X.Y> (Gatekeeper: taskgated rejected its signature, "Taskgated Invalid Signature").
          macOS:     CODESIGNING code 1, "Taskgated Invalid Signature" for python<X.Y> (pid <pid>), <sandbox>/home/Library/Logs/DiagnosticReports/python<X.Y>-<time>.ips
          file:      <sandbox>/pythons/cpython-<X.Y.Z>-<platform>/bin/python<X.Y> (via <sandbox>/pythons/cpython-<X.Y.Z>-<platform>/bin/python3)
          xattrs:    com.apple.provenance absent, com.apple.quarantine absent
          signature: ad-hoc, TeamIdentifier not set, page hashes valid
          tried:     re-signed it ad hoc: it runs now
          Run your command again: retry is off, so the shim did not."
      `);
      const again = await runShim(sb, 'uv', RUN_MANAGED);
      expect(again.code).toBe(0);
      expect(again.stderr).toBe('');
    });
  });
});
