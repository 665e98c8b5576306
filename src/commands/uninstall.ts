export async function run(_argv: string[]): Promise<number> {
  throw new Error('`uv-shim uninstall` is not built yet');
}
