import { copyFileSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fixture } from '../darwin/fixture-path.js';
import { llvmTools } from '../gate/macho-fixtures.js';
import { describe, expect, it } from 'vitest';
import { SIMULATED_MAC } from '../gate/paths.js';
import { resignedLocally, makeFakePython, makeFakePythonFile, REAL_PYTHON_MINOR } from '../helpers/fake-python.js';
import { REPO_ROOT, run } from '../helpers/sandbox.js';
import { makeGuardSandbox, repairLogEntries, toolCalls, type GuardSandbox } from './guard-sandbox.js';

const UV_SHIM = join(REPO_ROOT, 'dist', 'bin', 'uv-shim.js');
const uvShim = (sb: GuardSandbox, args: string[]) => run(process.execPath, [UV_SHIM, ...args], { cwd: sb.work, env: sb.env });
const signs = (sb: GuardSandbox) => toolCalls(sb).filter((c) => c.includes('--sign')).length;

describe.runIf(SIMULATED_MAC)('uv-shim check', () => {
  it('reports each file fresh, then from the cache, and repairs nothing', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons, { provenance: true });
    const first = await uvShim(sb, ['check', '--python', REAL_PYTHON_MINOR, '--json']);
    expect(first.code).toBe(1);
    expect(JSON.parse(first.stdout.toString())).toMatchObject([
      { file: fake.executable, via: fake.links[0], kind: 'executable', source: 'managed', managed: true, state: 'killed', cached: false },
    ]);
    const second = await uvShim(sb, ['check', '-p', REAL_PYTHON_MINOR]);
    expect(second.code).toBe(1);
    expect(second.stdout.toString()).toMatch(/^killed\s+cached\s+\S+python3\.\d+\s+\(managed, uv-managed\)\n\s+the system kills it/);
    expect(signs(sb)).toBe(0);
  });

  it('rejects unknown options with the usage', async () => {
    const sb = makeGuardSandbox();
    const r = await uvShim(sb, ['check', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown option "--bogus"');
    expect(r.stderr).toContain('Usage: uv-shim check');
  });
});

describe.runIf(SIMULATED_MAC)('uv-shim repair', () => {
  it('--dry-run prints the commands and runs none', async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons, { provenance: true });
    const r = await uvShim(sb, ['repair', '--dry-run', fake.root]);
    expect(r.code).toBe(1);
    expect(r.stdout.toString()).toContain(`would repair: ${fake.executable}`);
    expect(r.stdout.toString()).toContain(`xattr -d com.apple.provenance ${fake.executable}`);
    expect(r.stdout.toString()).toContain(`codesign --force --sign -`);
    expect(signs(sb)).toBe(0);
    expect(resignedLocally(fake.executable)).toBe(false);
  });

  // A home directory with a space in it ("/Users/Jane Doe") is common on
  // macOS: the commands shown must still be ones a user can paste.
  it('quotes paths with spaces in the commands it shows and logs', async () => {
    const sb = makeGuardSandbox();
    const pythons = join(sb.root, 'Application Support', 'pythons');
    mkdirSync(pythons, { recursive: true });
    sb.env.UV_PYTHON_INSTALL_DIR = pythons;
    const fake = makeFakePython(pythons, { provenance: true });
    const quoted = `'${fake.executable}'`;
    const dry = await uvShim(sb, ['repair', '--dry-run', fake.root]);
    expect(dry.stdout.toString().split('\n').slice(1, 3)).toEqual([
      `  xattr -d com.apple.provenance ${quoted}`,
      `  ${sb.env.UV_SHIM_CODESIGN} --force --sign - --preserve-metadata=entitlements,requirements,flags,runtime ${quoted}`,
    ]);
    const r = await uvShim(sb, ['repair', fake.root]);
    expect(r.code).toBe(0);
    expect((repairLogEntries(sb)[0]!.commands as string[])[0]).toBe(`xattr -d com.apple.provenance ${quoted}`);
  });

  // Issue: the dry run planned one codesign of the whole universal file,
  // while the repair signs only the slice that needs it. The plan is the
  // repair's own step list: the same commands, in the same order, but for
  // the copy's random name.
  it('--dry-run shows the one-slice re-sign of a universal file that the repair then runs', async () => {
    const sb = makeGuardSandbox();
    sb.env.UV_SHIM_LIPO = llvmTools().lipo;
    const fake = makeFakePython(sb.pythons, { libpython: true });
    // Developer ID signed, its arm64 page 5 flipped: only the arm64 slice needs a new signature.
    copyFileSync(fixture('sentry-cli.flip-arm64-page-5'), fake.libpython!);
    const copyPart = /\.uv-shim-\d+-[0-9a-f]+/g;
    const dry = await uvShim(sb, ['repair', '--dry-run', fake.root]);
    expect(dry.code).toBe(1);
    const lines = dry.stdout.toString().split('\n');
    const at = lines.indexOf(`would repair: ${fake.libpython} (its arm64 code no longer matches its signature (page 5); macOS kills it on Apple Silicon)`);
    expect(at, dry.stdout.toString()).toBeGreaterThanOrEqual(0);
    const planned = lines.slice(at + 1, at + 6).map((l) => l.trim().replace(copyPart, '.COPY'));
    const lib = fake.libpython!;
    const copy = join(dirname(lib), `.${basename(lib)}.COPY`);
    expect(planned).toEqual([
      `cp ${lib} ${copy}`,
      `${llvmTools().lipo} ${copy} -thin arm64 -output ${copy}.arm64`,
      `${sb.env.UV_SHIM_CODESIGN} --force --sign - --preserve-metadata=entitlements,requirements,flags,runtime ${copy}.arm64`,
      `${llvmTools().lipo} ${copy} -replace arm64 ${copy}.arm64 -output ${copy}.joined`,
      `mv -f ${copy} ${lib}`,
    ]);
    expect(signs(sb)).toBe(0);

    const r = await uvShim(sb, ['repair', fake.root]);
    expect(r.stdout.toString()).toContain(`repaired: ${lib} (was bad-signature, now ok): re-signed its arm64 slice ad hoc, the other slices untouched`);
    const logged = repairLogEntries(sb).find((e) => e.file === lib)!;
    expect((logged.commands as string[]).map((c) => c.replace(copyPart, '.COPY'))).toEqual(planned);
  });

  it("repairs uv's whole Python dir when named, and logs it", async () => {
    const sb = makeGuardSandbox();
    const fake = makeFakePython(sb.pythons, { provenance: true });
    const r = await uvShim(sb, ['repair', sb.pythons]);
    expect(r.stdout.toString()).toMatch(new RegExp(`^repaired: ${fake.executable} \\(was killed, now ok\\): removed com\\.apple\\.provenance; re-signed it ad hoc\\n$`));
    expect(r.code).toBe(0);
    expect(repairLogEntries(sb)).toHaveLength(1);
    const again = await uvShim(sb, ['repair', sb.pythons]);
    expect(again.stdout.toString()).toMatch(/^ok: /);
    expect(signs(sb)).toBe(1);
  });

  it('refuses a file outside the allowed trees, and a path that is no interpreter', async () => {
    const sb = makeGuardSandbox();
    const outside = join(sb.root, 'elsewhere');
    mkdirSync(outside);
    const target = makeFakePythonFile(join(outside, 'python3.11'), join(outside, 'starts.log'), { provenance: true });
    const r = await uvShim(sb, ['repair', target]);
    expect(r.code).toBe(1);
    expect(r.stdout.toString()).toContain(`not repaired: ${target}: ${target} lies outside`);
    expect(signs(sb)).toBe(0);
    // A dry run says the same: it would not repair that file either.
    const dry = await uvShim(sb, ['repair', '--dry-run', target]);
    expect(dry.code).toBe(1);
    expect(dry.stdout.toString()).toBe(`not repaired: ${target}: ${target} lies outside uv's managed Python dir and the repairAllow trees. If you trust this interpreter, add its directory to "repairAllow" in the uv-shim config, or run \`codesign --force --sign - ${target}\` yourself.\n`);
    const missing = await uvShim(sb, ['repair', join(sb.root, 'nope')]);
    expect({ code: missing.code, stdout: missing.stdout.length }).toEqual({ code: 2, stdout: 0 });
    expect(missing.stderr).toBe(
      `uv-shim repair: error: ${join(sb.root, 'nope')} is not an interpreter, an installation or a virtual environment.\n\n` +
        "Name an interpreter (…/bin/python3.12), a uv-managed installation or a virtual environment,\nor run `uv-shim repair` without a path for the current project's.\n",
    );
  });
});
