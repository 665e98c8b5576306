import { configDefaults, defineConfig } from 'vitest/config';

// Two projects, both run by `npm test` (`vitest run`):
// - unit: pure functions and modules on temp dirs, imported straight from
//   src/. No build, no global setup, no real uv: `npm run test:unit` runs
//   them alone in seconds. A test that needs inject() does not belong here.
// - e2e: everything else: the built shim and launchers, the pinned real uv,
//   the tests' Python, real Mach-O fixtures (all from the global setup).
export const UNIT_TESTS = [
  'test/architecture.test.ts',
  'test/bounded-read.test.ts',
  'test/paths.test.ts',
  'test/state-file.test.ts',
  'test/common/process-alive.test.ts',
  'test/common/ownership.test.ts',
  'test/guard/file-lock.test.ts',
  'test/config/env.test.ts',
  'test/config/load.test.ts',
  'test/config/parse.test.ts',
  'test/config/reference.test.ts',
  'test/config/validate.test.ts',
  'test/darwin/codesign-parse.test.ts',
  'test/darwin/spctl-parse.test.ts',
  'test/explain/cgroup.test.ts',
  'test/explain/evidence-ips.test.ts',
  'test/explain/evidence-log.test.ts',
  'test/explain/render-text.test.ts',
  'test/first-run/units.test.ts',
  'test/guard/candidates.test.ts',
  'test/guard/policy.test.ts',
  'test/guard/probe.test.ts',
  'test/guard/verdict-cache.test.ts',
  'test/hooks/run-hooks.test.ts',
  'test/native/judge-native.test.ts',
  'test/shim/trampoline.test.ts',
  'test/uv/discovery.test.ts',
  'test/uv/glob.test.ts',
  'test/uv/pyproject.test.ts',
  'test/uv/python-request.test.ts',
  'test/commands/args.test.ts',
  'test/explain/trigger.test.ts',
  'test/guard/judge.test.ts',
  'test/shim/proxy-signals.test.ts',
  'test/shim/recursion-marker.test.ts',
  'test/shim/resolve-uv.test.ts',
];

export default defineConfig({
  test: {
    reporters: ['default', './test/setup/summary-reporter.ts'],
    // Integration tests start real processes (node, uv, python); on a
    // 2-core machine two workers keep them from starving each other.
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        // The default 5 s per test, doubled: this is no timing assertion, and
        // a 2-core machine shared with other suites can stall a worker.
        test: { name: 'unit', include: UNIT_TESTS, testTimeout: 10_000 },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...UNIT_TESTS],
          globalSetup: ['test/setup/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
