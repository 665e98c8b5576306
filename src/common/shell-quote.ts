// Quotes an argument the way a POSIX shell would need it: the commands
// uv-shim shows (repairs, config hints) are ones a user can paste.
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
