// How `inspect` shows an xattr value: the text when it is printable UTF-8
// (quarantine), else "hex:" and the bytes (provenance is a binary record).
export function xattrText(value: Buffer): string {
  const text = value.toString('utf8');
  const printable = !text.includes('\uFFFD') && /^[\x20-\x7e\u00a0-\uffff\t\n]*\0?$/u.test(text);
  return printable && value.length > 0 ? text.replace(/\0$/, '') : `hex:${value.toString('hex')}`;
}
