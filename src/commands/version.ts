import { ownPackage } from '../package-root.js';

// `uv-shim version` (and `--version`).
export async function run(): Promise<number> {
  process.stdout.write(`uv-shim ${ownPackage().version}\n`);
  return 0;
}
