import type { TestProject } from 'vitest/node';
import { ensureRealUv } from './real-uv.js';

// Runs once before all test files: brings the pinned real uv. Test files get
// its directory through inject('realUvDir').
export default function setup(project: TestProject): void {
  project.provide('realUvDir', ensureRealUv());
}

declare module 'vitest' {
  export interface ProvidedContext {
    realUvDir: string;
  }
}
