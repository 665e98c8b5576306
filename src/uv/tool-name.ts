// The directory name uv gives a tool's environment under its tool dir: the
// package name from a requirement (`ruff`, `Jupyter_Core>=5`, `black@24.1`),
// normalized as PEP 503 does. null when the spec starts with no name.
export function toolEnvName(spec: string): string | null {
  const name = /^[A-Za-z0-9][A-Za-z0-9._-]*/.exec(spec.trim())?.[0];
  return name ? name.toLowerCase().replace(/[-_.]+/g, '-') : null;
}
