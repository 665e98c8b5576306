import type { TestProject } from 'vitest/node';
import { ensureFixtures } from './fixtures.js';
import { ensureRealUv } from './real-uv.js';

// Runs once before all test files: brings the pinned real uv. Test files get
// its directory through inject('realUvDir').
export default function setup(project: TestProject): void {
  project.provide('realUvDir', ensureRealUv());
  // Real Mach-O files (and damaged copies) for the macOS reader's tests.
  project.provide('darwinFixturesDir', ensureFixtures());
}

declare module 'vitest' {
  export interface ProvidedContext {
    realUvDir: string;
    darwinFixturesDir: string;
  }
}
