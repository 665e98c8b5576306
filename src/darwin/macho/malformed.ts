// The one error the Mach-O reader raises: the bytes contradict the format.
// It never escapes the reader's public functions; they turn it into an
// `error` string on the report.
export class MalformedMachO extends Error {
  override name = 'MalformedMachO';
}

// Throws MalformedMachO unless [offset, offset+length) lies inside [0, size).
// Every read the reader does goes through a check like this one, so hostile
// offsets and counts cannot make it read outside the buffer or loop forever.
export function checkRange(what: string, offset: number, length: number, size: number): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0 || offset + length > size) {
    throw new MalformedMachO(`${what} (offset ${offset}, ${length} bytes) lies outside the ${size}-byte range that holds it`);
  }
}
