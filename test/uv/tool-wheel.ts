import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { inject } from 'vitest';

// Writes a minimal pure-Python wheel into `dir` (for `--find-links`, so uv
// installs it offline) whose console script runs `code`. The zip is written
// by the tests' Python's zipfile: Node has no zip writer.
export function makeToolWheel(dir: string, name: string, code: string): string {
  mkdirSync(dir, { recursive: true });
  const dist = name.toLowerCase().replace(/[-_.]+/g, '_');
  const script = name.toLowerCase().replace(/[-_.]+/g, '-');
  const build = `
import sys, zipfile
out, name, dist, script, code = sys.argv[1:6]
info = f"{dist}-1.0.dist-info"
files = {
    f"{dist}/__init__.py": "def main():\\n" + "".join("    " + l + "\\n" for l in code.split("\\n")),
    f"{info}/METADATA": f"Metadata-Version: 2.1\\nName: {name}\\nVersion: 1.0\\n",
    f"{info}/WHEEL": "Wheel-Version: 1.0\\nGenerator: uv-shim-tests\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",
    f"{info}/entry_points.txt": f"[console_scripts]\\n{script} = {dist}:main\\n",
}
files[f"{info}/RECORD"] = "".join(f"{p},,\\n" for p in files) + f"{info}/RECORD,,\\n"
with zipfile.ZipFile(f"{out}/{dist}-1.0-py3-none-any.whl", "w") as z:
    for path, text in files.items():
        z.writestr(path, text)
`;
  execFileSync(inject('python').executable, ['-I', '-S', '-c', build, dir, name, dist, script, code], { stdio: 'ignore' });
  return dir;
}

