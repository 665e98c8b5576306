import { join } from 'node:path';
import { inject } from 'vitest';
import type { FixtureName } from '../setup/fixtures.js';

// The path of a real (or deliberately damaged) Mach-O fixture.
export function fixture(name: FixtureName): string {
  return join(inject('darwinFixturesDir'), name);
}
