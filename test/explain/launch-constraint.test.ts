import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GATE_DIR, SIMULATED_MAC } from '../gate/paths.js';
import { makeFakePython, REAL_PYTHON_MINOR } from '../helpers/fake-python.js';
import { runShim } from '../helpers/sandbox.js';
import { makeGuardSandbox, toolCalls } from '../guard/guard-sandbox.js';
import { explanationOf, normalise, pythonPlaceholders } from './normalise.js';

// A Launch Constraint Violation (macOS 13+): the kernel kills a program
// started from where, or by what, its launch constraints forbid. Real
// reports: "Termination Reason: CODESIGNING 4 Launch Constraint Violation"
// (thomaschampagne/elevate#1201), and an .ips with `"termination":
// {"namespace":"CODESIGNING","indicator":"Launch Constraint Violation"}`,
// exception EXC_CRASH "SIGKILL (Code Signature Invalid)"
// (SAP/macOS-enterprise-privileges#273, whose binary passes spctl and whose
// `codesign --display --verbose=4` lists "Has Self/Parent Launch
// Constraints"). The exec gate has no such rule, so the program writes that
// report through the gate's own writer for itself, then dies of SIGKILL.
function launchConstraintKill(home: string): string {
  return [
    'import os, sys',
    `sys.path.insert(0, ${JSON.stringify(GATE_DIR)})`,
    'import gate',
    'me = os.getpid()',
    `gate.write_crash_report(${JSON.stringify(home)}, os.path.realpath(sys.executable), me, gate.parent_of(me), 4, "Launch Constraint Violation")`,
    'os.kill(me, 9)',
  ].join('\n');
}

describe.runIf(SIMULATED_MAC)('a Launch Constraint Violation', () => {
  it('is named from the crash report, with no re-sign offered or run', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons);
    const json = join(sb.root, 'explain.json');
    const r = await runShim(sb, 'uv', ['run', '--no-project', '--managed-python', '-p', REAL_PYTHON_MINOR, 'python', '-c', launchConstraintKill(fake.home)], {
      env: { ...sb.env, UV_SHIM_EXPLAIN: 'json', UV_SHIM_EXPLAIN_FILE: json },
    });
    expect(r.code).toBe(137);
    const e = JSON.parse(readFileSync(json, 'utf8'));
    expect(e).toMatchObject({
      cause: 'macos-refused', retry: 'none', fixes: [], upstream: null,
      evidence: { kind: 'launch-constraint', file: fake.executable, fileFrom: 'report', report: { namespace: 'CODESIGNING', code: 4, indicator: 'Launch Constraint Violation', procPath: fake.executable } },
      repair: { status: 'skipped', skipped: { kind: 'launch-constraint' } },
    });
    expect(toolCalls(sb).filter((c) => c.startsWith('codesign ') && c.includes('--sign'))).toEqual([]);
    const text = pythonPlaceholders(normalise(explanationOf(r.stderr), { [sb.root]: '<sandbox>' }))
      .replace(/\(pid \d+\)/, '(pid <pid>)').replace(/python<X\.Y>-[\d-]+\.ips/, 'python<X.Y>-<time>.ips');
    expect(text).toBe(`uv-shim: uv exited with 137 (128 + SIGKILL): macOS refused to launch python<X.Y> (Gatekeeper: "Launch Constraint Violation").
  macOS:     CODESIGNING code 4, "Launch Constraint Violation" for python<X.Y> (pid <pid>), <sandbox>/home/Library/Logs/DiagnosticReports/python<X.Y>-<time>.ips
  file:      <sandbox>/pythons/cpython-<X.Y.Z>-<platform>/bin/python<X.Y>
  xattrs:    com.apple.provenance absent, com.apple.quarantine absent
  signature: ad-hoc, TeamIdentifier not set, page hashes valid
  tried:     nothing: macOS refused where it was or what started it (a launch constraint), not its code: re-signing does not help
  Launch constraints (macOS 13 and later) say where a program may live and what may start it: this
  is not about its signature bytes, so re-signing does not help, and neither does removing xattrs.
  fix:       start it the way its vendor ships it: from its own location, by its own app or
             launcher, not copied elsewhere or started directly by uv; \`codesign -d -vvvv\` shows its constraints.`);
  });
});
