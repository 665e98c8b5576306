// Bundles the launchers' entry (dist/bin/shim.js, as tsc emitted it) into one
// CommonJS file, dist/launch/shim.cjs, with each lazily imported module in a
// chunk of its own. Node 20 pays about half a millisecond per ESM module it
// loads and more to start its ESM loader at all; the everyday `uv` run loads
// ~20 of our modules, so one CJS file is what keeps the shim's own work small
// (see `npm run bench`). npm packages stay external and load from
// node_modules as usual; dynamic imports stay dynamic.
export default {
  input: { shim: 'dist/bin/shim.js' },
  platform: 'node',
  external: [/^node:/, /^[a-z@][^:]*$/],
  output: {
    dir: 'dist/launch',
    cleanDir: true,
    format: 'cjs',
    entryFileNames: '[name].cjs',
    chunkFileNames: '[name]-[hash].cjs',
  },
};
