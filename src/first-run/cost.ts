// Per-library first-load cost on macOS, from uv issue 17371: 344 native
// libraries cost 20–30 s on first run, "~0.05–0.15 s each"; the reporter's
// per-package figures (scipy 15.3 s for 114 files, numpy 2.8 s for 19) sit
// inside that range.
export const FIRST_LOAD_SECONDS_PER_LIBRARY = { low: 0.05, high: 0.15 } as const;

// 0.05 s, 2.6 s, 52 s: as many digits as the estimate deserves.
export function formatSeconds(seconds: number): string {
  if (seconds < 1) return `${seconds.toFixed(2)} s`;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  return `${Math.round(seconds)} s`;
}

// The extra first-run time to expect for `libraries` never-validated files.
export function expectedCost(libraries: number): string {
  const low = formatSeconds(libraries * FIRST_LOAD_SECONDS_PER_LIBRARY.low);
  const high = formatSeconds(libraries * FIRST_LOAD_SECONDS_PER_LIBRARY.high);
  return low === high ? `~${low}` : `${low.replace(/ s$/, '')}–${high}`;
}
