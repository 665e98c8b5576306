export async function run(_argv: string[]): Promise<number> {
  throw new Error('`uv-shim doctor` is not built yet');
}
