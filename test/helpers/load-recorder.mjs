// Preloaded with `node --import` (through NODE_OPTIONS) into a process under
// test: appends every module that process loads, CommonJS or ESM, to the file
// named by UV_SHIM_TEST_LOAD_LOG, one path or URL per line, and at exit the
// public Node built-ins it loaded by any means (process.getBuiltinModule
// too), as `builtin <name>`, or just before it execs another program
// (process.execve, which has no exit: Node publishes on a diagnostics
// channel first), then `exec <file>`. A module put into require.cache
// without require() (the launcher compiles the build's entry itself, with
// V8's code cache) is listed then too, as `cjs <file>`. Tests read it to
// prove what the everyday path does and does not load.
import { subscribe } from 'node:diagnostics_channel';
import { appendFileSync } from 'node:fs';
import Module from 'node:module';

const log = process.env.UV_SHIM_TEST_LOAD_LOG;
if (log) {
  const seen = new Set();
  const builtins = () => {
    const cached = Object.keys(Module._cache).filter((f) => !seen.has(f));
    const names = process.moduleLoadList.flatMap((m) => (/^NativeModule (?!internal\/)(.+)$/.exec(m)?.[1] ?? []));
    appendFileSync(log, [...cached.map((f) => `cjs ${f}\n`), ...names.map((b) => `builtin ${b}\n`)].join(''));
  };
  process.on('exit', builtins);
  subscribe('process.execve', (message) => {
    builtins();
    appendFileSync(log, `exec ${/** @type {{ execPath: string }} */ (message).execPath}\n`);
  });
  const load = Module._load;
  Module._load = function recordingLoad(request, parent, isMain) {
    const loaded = load.apply(this, [request, parent, isMain]);
    let file = request;
    try {
      file = Module._resolveFilename(request, parent, isMain);
    } catch {
      // Logged as asked for.
    }
    seen.add(file);
    appendFileSync(log, `cjs ${file}\n`);
    return loaded;
  };
  if (typeof Module.registerHooks === 'function') {
    // Node 22.15+/23.5+: in-thread hooks. module.register() still works
    // there but is deprecated (a warning on stderr from Node 26 on).
    Module.registerHooks({
      resolve(specifier, context, next) {
        const r = next(specifier, context);
        // These hooks see require() too, which Module._load logs already.
        if (!context.conditions?.includes('require')) appendFileSync(log, `esm ${r.url}\n`);
        return r;
      },
    });
  } else {
    // Node 20: only the off-thread loader hooks exist.
    Module.register(
      `data:text/javascript,${encodeURIComponent(`
        import { appendFileSync } from 'node:fs';
        export async function resolve(specifier, context, next) {
          const r = await next(specifier, context);
          appendFileSync(${JSON.stringify(log)}, 'esm ' + r.url + '\\n');
          return r;
        }`)}`,
    );
  }
}
