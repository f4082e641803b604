import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The library: browser-safe ESM + CJS with type declarations.
    entry: { index: 'src/index.ts', conversation: 'src/conversation/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2020',
    platform: 'neutral',
    treeshake: true,
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
