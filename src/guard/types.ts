import type { FileReport } from '../darwin/types.js';

// Where a candidate interpreter came from, in the order uv would consider it.
export type CandidateSource =
  | 'explicit'        // --python / UV_PYTHON naming a path
  | 'project-venv'    // .venv, UV_PROJECT_ENVIRONMENT or VIRTUAL_ENV
  | 'tool-venv'       // uvx / uv tool run: the tool's environment
  | 'managed'         // an installation under uv's managed Python dir
  | 'search-path';    // a Python on PATH (UV_PYTHON_SEARCH_PATH)

// One file macOS validates on exec or load: an interpreter executable or its
// libpython dylib, after following the python/python3 links.
export interface Candidate {
  // Real path (symlinks resolved).
  file: string;
  // How the user refers to it (the link that led here), for messages.
  via: string;
  kind: 'executable' | 'library';
  source: CandidateSource;
  // The installation root (e.g. …/python/cpython-3.13.3-macos-aarch64-none).
  installation: string;
  // True when `file` lies inside uv's managed Python dir.
  managed: boolean;
}

export type VerdictState =
  | 'ok'                 // runs; nothing macOS objects to
  | 'killed'             // the probe died of SIGKILL: the system refuses it
  | 'bad-signature'      // page hashes do not match: Apple Silicon will kill it
  | 'flagged'            // carries provenance/quarantine but the probe ran
  | 'unreadable'         // cannot be read or inspected (permissions, gone)
  | 'blocked';           // a repair was refused by the system (managed Mac)

export interface ProbeResult {
  ran: boolean;
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  ms: number;
}

export interface Verdict {
  file: string;
  state: VerdictState;
  // One sentence a user can read.
  reason: string;
  // Served from the verdict cache (no file content read, nothing spawned).
  cached: boolean;
  // Present on a fresh (cold) check.
  report?: FileReport;
  probe?: ProbeResult;
}
