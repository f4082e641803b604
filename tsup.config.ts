import { defineConfig } from 'tsup';
import type { Plugin } from 'esbuild';

/**
 * Entries at the edge (src/compat/…) import the library through `src/index.ts`. In the build they
 * must load the package's own main entry instead of bundling a second copy of it, so that there
 * is one `MqttCodecError` class whichever entry threw.
 */
const mainEntryExternal: Plugin = {
  name: 'main-entry-external',
  setup(build) {
    const cjs = build.initialOptions.format === 'cjs' || build.initialOptions.outExtension?.['.js'] === '.cjs';
    const target = cjs ? './index.cjs' : './index.js';
    build.onResolve({ filter: /^\.\.\/index\.js$/ }, (args) =>
      args.importer.includes('/src/compat/') ? { path: target, external: true } : undefined,
    );
  },
};

export default defineConfig([
  {
    // The library: browser-safe ESM + CJS with type declarations.
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2020',
    platform: 'neutral',
    treeshake: true,
  },
  {
    // `mqtt-codec/mqtt-packet`: the drop-in for mqtt-packet, on top of the main entry.
    entry: { 'mqtt-packet': 'src/compat/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: false,
    target: 'es2020',
    platform: 'neutral',
    treeshake: true,
    esbuildPlugins: [mainEntryExternal],
  },
  {
    // The command-line tool (Node only), bundled with the library code it uses.
    entry: { cli: 'cli/main.ts' },
    format: ['cjs'],
    platform: 'node',
    target: 'node18',
    banner: { js: '#!/usr/bin/env node' },
    sourcemap: false,
    clean: false,
  },
]);
