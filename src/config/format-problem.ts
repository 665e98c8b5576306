import type { ConfigProblem } from './types.js';

// One line per problem: where it is (file, key) and what is wrong with it.
export function formatProblem(p: ConfigProblem): string {
  return p.file === 'environment' ? `${p.key}: ${p.message}` : `${p.file}: ${p.key}: ${p.message}`;
}
