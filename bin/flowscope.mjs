#!/usr/bin/env node
// `flowscope <command>`: runs the TypeScript command line (server/cli/main.ts) through tsx,
// with Flowscope's own tsconfig so its `@/` paths resolve from whatever folder it runs in.
import Module from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.env.TSX_TSCONFIG_PATH = path.join(root, 'tsconfig.json');
await import('tsx');

// tsx applies tsconfig paths only outside node_modules; an installed copy of Flowscope lives
// inside one, so its two aliases (`@/...` and the `server-only` marker) are mapped here, for
// requests from Flowscope's own files only.
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const from = parent?.filename;
  if (from && from.startsWith(root) && !from.slice(root.length).includes('node_modules')) {
    if (request === 'server-only') request = path.join(root, 'server/server-only-outside-next.ts');
    else if (request.startsWith('@/')) request = path.join(root, request.slice(2));
  }
  return resolveFilename.call(this, request, parent, ...rest);
};

await import(new URL('../server/cli/main.ts', import.meta.url).href);
