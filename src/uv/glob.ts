import { posix } from 'node:path';

// Whether `path` is matched by a `tool.uv.workspace` members or exclude
// glob, as uv matches them: the glob is normalized (`./`, `..`) and joined
// to the workspace root, then tested against the whole path. `*` and `?`
// stay within one path component (uv 0.13.9 does not take
// `packages/group/c` as a member of `packages/*`); `**` crosses them.
export function workspaceGlobMatches(glob: string, workspaceRoot: string, path: string): boolean {
  const pattern = posix.resolve(workspaceRoot, posix.normalize(glob));
  const rootPart = posix.resolve(workspaceRoot);
  // The root is taken literally (uv escapes it); only the glob's part is a pattern.
  const re = pattern.startsWith(rootPart)
    ? escapeRegExp(rootPart) + globBody(pattern.slice(rootPart.length))
    : globBody(pattern);
  return new RegExp(`^${re}$`).test(path);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function globBody(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      const double = glob[i + 1] === '*';
      while (glob[i + 1] === '*') i++;
      out += double ? '.*' : '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
        continue;
      }
      let body = glob.slice(i + 1, close);
      const negate = body.startsWith('!');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else {
      out += escapeRegExp(c);
    }
  }
  return out;
}
