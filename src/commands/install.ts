export async function run(_argv: string[]): Promise<number> {
  throw new Error('`uv-shim install` is not built yet');
}
