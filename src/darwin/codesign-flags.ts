// CodeDirectory flag names as `codesign -d` prints them in
// "flags=0x20002(adhoc,linker-signed)" (cs_blobs.h, SecCodeSigner).
const FLAG_NAMES: Array<[number, string]> = [
  [0x1, 'host'],
  [0x2, 'adhoc'],
  [0x4, 'forced'],
  [0x100, 'hard'],
  [0x200, 'kill'],
  [0x400, 'expires'],
  [0x800, 'restrict'],
  [0x1000, 'enforcement'],
  [0x2000, 'library-validation'],
  [0x10000, 'runtime'],
  [0x20000, 'linker-signed'],
];

// "0x20002(adhoc,linker-signed)", "0x0(none)": the flags field of codesign's
// "CodeDirectory" line.
export function formatCodesignFlags(flags: number): string {
  const names = FLAG_NAMES.filter(([bit]) => (flags & bit) !== 0).map(([, name]) => name);
  return `0x${(flags >>> 0).toString(16)}(${names.length ? names.join(',') : 'none'})`;
}
