import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { runShim } from '../helpers/sandbox.js';
import { makeMacWorld, nativeFilesIn } from './native-project.js';

// uv 0.13.9 installs wheels built for another platform with
// `uv pip install --python-platform … --target DIR`: real Mach-O libraries
// on Linux, so the count runs with the Mach-O magic check on (the default).
// The interpreter uv asks is the simulated Mac's (test/gate/).
describe('counting real Mach-O libraries from a macOS wheel', () => {
  it('counts the Mach-O library of a macOS wheel and ignores the ELF one of a Linux wheel', async () => {
    const world = makeMacWorld();
    const { sb } = world;
    writeFileSync(join(sb.work, '.uv-shimrc.json'), JSON.stringify({ newLibraryThreshold: 1 }));
    const env = { ...world.env, ...inject('uvIndexEnv') };

    const mac = await runShim(
      sb, 'uv', ['pip', 'install', '--python', world.python, '--python-platform', 'aarch64-apple-darwin', '--no-index', '--find-links', world.wheels,
        '--link-mode', 'copy', '--target', 'mac', 'gatedemo==1.0'],
      { env },
    );
    expect(mac.code, mac.stderr).toBe(0);
    const machO = nativeFilesIn(join(sb.work, 'mac'), 'macho');
    expect(machO.map((f) => f.path.split('/').pop())).toEqual(['_gatedemo.cpython-311-darwin.so']);
    expect(mac.stderr).toMatch(/^uv-shim: 1 new native library in mac is not shared with uv's cache: .*0\.05–0\.15 s longer/m);

    const linux = await runShim(sb, 'uv', ['pip', 'install', '--python', world.python, '--link-mode', 'copy', '--target', 'linux', 'markupsafe==3.0.3'], { env });
    expect(linux.code, linux.stderr).toBe(0);
    expect(nativeFilesIn(join(sb.work, 'linux'), 'elf')).toHaveLength(1);
    expect(linux.stderr).not.toContain('uv-shim:');
  });
});
