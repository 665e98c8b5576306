import type { TestProject } from 'vitest/node';
import { findPython, type Python } from '../helpers/python.mjs';
import { ensureFixtures } from './fixtures.js';
import { uvIndexEnvFromPip } from './index-env.js';
import { ensureRealUv } from './real-uv.js';

// Runs once before all test files: finds the Python and brings the pinned
// real uv. Test files get them through inject('python'),
// inject('realUvDir') and inject('uvIndexEnv').
export default function setup(project: TestProject): void {
  const python = findPython();
  project.provide('python', python);
  project.provide('realUvDir', ensureRealUv(python.executable));
  // The package index pip uses here, as uv's environment variables.
  project.provide('uvIndexEnv', uvIndexEnvFromPip(python.executable));
  // Real Mach-O files (and damaged copies) for the macOS reader's tests.
  project.provide('darwinFixturesDir', ensureFixtures());
}

declare module 'vitest' {
  export interface ProvidedContext {
    python: Python;
    realUvDir: string;
    uvIndexEnv: Record<string, string>;
    darwinFixturesDir: string;
  }
}
