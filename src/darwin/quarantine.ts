import type { QuarantineInfo } from './types.js';

// Decodes com.apple.quarantine, "flags;hex-seconds;agent;uuid" as written by
// LaunchServices (e.g. "0083;65b0c2f1;Safari;5E2A…"). Missing or empty
// fields become null; a value with no flags field at all is not quarantine.
export function decodeQuarantine(value: Buffer | string): QuarantineInfo | null {
  const text = (typeof value === 'string' ? value : value.toString('utf8')).replace(/\0+$/, '');
  const [flags, time, agent, id] = text.split(';');
  if (!flags || !/^[0-9a-fA-F]{1,8}$/.test(flags)) return null;
  return {
    flags: flags.toLowerCase(),
    timestamp: decodeTimestamp(time),
    agent: agent ? agent : null,
    id: id ? id : null,
  };
}

function decodeTimestamp(hex: string | undefined): string | null {
  if (!hex || !/^[0-9a-fA-F]{1,12}$/.test(hex)) return null;
  const date = new Date(parseInt(hex, 16) * 1000);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
