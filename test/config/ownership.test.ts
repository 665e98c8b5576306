import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uvShim } from '../helpers/cli.js';
import { makeSandbox, runReal, runShim, type Sandbox } from '../helpers/sandbox.js';

// A second, real user: the tests run as root and write as `nobody` through
// setpriv, the way another account on a shared machine (or a process in a
// CI container) would write into /tmp.
const AS_NOBODY = ['setpriv', '--reuid', 'nobody', '--regid', 'nogroup', '--clear-groups', '--'];
const canSwitchUser =
  process.getuid?.() === 0 && spawnSync(AS_NOBODY[0]!, [...AS_NOBODY.slice(1), 'true']).status === 0;

// A sticky, world-writable directory like /tmp inside the sandbox, and a
// sandbox its other users can reach.
function stickyWorld() {
  const sb = makeSandbox();
  chmodSync(sb.root, 0o755);
  const shared = join(sb.root, 'shared');
  mkdirSync(shared);
  chmodSync(shared, 0o1777);
  return { sb, shared };
}

function asNobody(script: string) {
  const r = spawnSync(AS_NOBODY[0]!, [...AS_NOBODY.slice(1), 'sh', '-c', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`as nobody: ${script}: ${r.stderr}`);
}

// A hook and a JavaScript config that each leave a marker if they run.
function hostileFiles(dir: string, marker: string) {
  return {
    rc: [join(dir, '.uv-shimrc.json'), JSON.stringify({ hooks: { preExec: [`touch ${marker}-hook`] } })] as const,
    js: [join(dir, 'uv-shim.config.js'), `require('node:fs').writeFileSync(${JSON.stringify(`${marker}-js`)}, '');\nmodule.exports = {};\n`] as const,
  };
}

async function sameAsRealUv(sb: Sandbox, cwd: string, env: NodeJS.ProcessEnv) {
  const r = await runShim(sb, 'uv', ['--version'], { cwd, env });
  const direct = await runReal(sb, 'uv', ['--version'], { cwd, env });
  expect(r.code).toBe(0);
  expect(r.stdout.equals(direct.stdout)).toBe(true);
  return r;
}

describe.skipIf(!canSwitchUser)('config files another user wrote are never read', () => {
  // Even with every project file trusted wholesale: ownership comes first.
  const trustAll = (sb: Sandbox) => ({ ...sb.env, UV_SHIM_TRUST_PROJECT_CONFIG: '1' });

  it.each(['rc', 'js'] as const)('%s written by nobody in its own directory under a sticky /tmp: does not run as root', async (kind) => {
    const { sb, shared } = stickyWorld();
    const marker = join(sb.root, 'pwned');
    const dir = join(shared, 'proj');
    const [file, content] = hostileFiles(dir, marker)[kind];
    asNobody(`mkdir -p ${dir}/sub && cat > ${file} <<'EOF'\n${content}\nEOF`);
    const r = await sameAsRealUv(sb, join(dir, 'sub'), trustAll(sb));
    expect(existsSync(`${marker}-hook`) || existsSync(`${marker}-js`)).toBe(false);
    expect(r.stderr).toContain(`not reading ${file}: it belongs to uid 65534, not to you or root`);
    expect(r.stderr.split('\n').filter((l) => l.includes('not reading')).length).toBe(1);
  });

  it.each(['rc', 'js'] as const)('%s written by nobody straight into the sticky directory: does not run as root', async (kind) => {
    const { sb, shared } = stickyWorld();
    const marker = join(sb.root, 'pwned');
    const [file, content] = hostileFiles(shared, marker)[kind];
    asNobody(`cat > ${file} <<'EOF'\n${content}\nEOF`);
    mkdirSync(join(shared, 'mine'));
    const r = await sameAsRealUv(sb, join(shared, 'mine'), trustAll(sb));
    expect(existsSync(`${marker}-hook`) || existsSync(`${marker}-js`)).toBe(false);
    expect(r.stderr).toContain(`not reading ${file}:`);
  });

  it('a file root itself put in a world-writable directory without the sticky bit is not read (anyone could have replaced it)', async () => {
    const { sb, shared } = stickyWorld();
    chmodSync(shared, 0o777);
    const marker = join(sb.root, 'pwned');
    const [file, content] = hostileFiles(shared, marker).rc;
    writeFileSync(file, content);
    const r = await sameAsRealUv(sb, shared, trustAll(sb));
    expect(existsSync(`${marker}-hook`)).toBe(false);
    expect(r.stderr).toContain(`not reading ${file}: its directory ${shared} can be written by every user`);
  });

  // The sticky bit keeps others from removing or renaming root's file in
  // root's own directory; what they add there is theirs, refused above.
  it("a file root put in its own sticky directory is read: nobody else can replace it", async () => {
    const { sb, shared } = stickyWorld();
    const marker = join(sb.root, 'pwned');
    const [file, content] = hostileFiles(shared, marker).rc;
    writeFileSync(file, content);
    const r = await sameAsRealUv(sb, shared, trustAll(sb));
    expect(r.stderr).not.toContain(`not reading ${file}`);
    expect(existsSync(`${marker}-hook`)).toBe(true);
  });

  it('a link to a file nobody owns is refused', async () => {
    const { sb, shared } = stickyWorld();
    const marker = join(sb.root, 'pwned');
    const [target, content] = hostileFiles(shared, marker).rc;
    asNobody(`cat > ${target} <<'EOF'\n${content}\nEOF`);
    symlinkSync(target, join(sb.work, '.uv-shimrc.json'));
    const r = await sameAsRealUv(sb, sb.work, trustAll(sb));
    expect(existsSync(`${marker}-hook`)).toBe(false);
    expect(r.stderr).toContain(`not reading ${join(sb.work, '.uv-shimrc.json')}: it belongs to uid 65534`);
  });

  it('positive control: the same files owned by root in a directory of root\'s own run once trusted', async () => {
    const { sb } = stickyWorld();
    const marker = join(sb.root, 'pwned');
    for (const kind of ['rc', 'js'] as const) {
      const dir = join(sb.root, `own-${kind}`);
      mkdirSync(dir);
      const [file, content] = hostileFiles(dir, marker)[kind];
      writeFileSync(file, content);
      expect((await uvShim({ ...sb, work: dir }, ['trust'])).code).toBe(0);
      await sameAsRealUv(sb, dir, sb.env);
    }
    expect(existsSync(`${marker}-hook`)).toBe(true);
    expect(existsSync(`${marker}-js`)).toBe(true);
  });

  it('uv-shim trust refuses a file another user wrote', async () => {
    const { sb, shared } = stickyWorld();
    const dir = join(shared, 'proj');
    const [file, content] = hostileFiles(dir, join(sb.root, 'pwned')).rc;
    asNobody(`mkdir -p ${dir} && cat > ${file} <<'EOF'\n${content}\nEOF`);
    const r = await uvShim({ ...sb, work: dir }, ['trust']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file} is never read: it belongs to uid 65534`);
    expect(existsSync(join(sb.home, '.cache', 'uv-shim', 'trust.json'))).toBe(false);
  });
});
