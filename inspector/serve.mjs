#!/usr/bin/env node
// `npm run inspector`: serves the repository's files on 127.0.0.1 (read-only, GET and HEAD only)
// so that inspector/index.html can load dist/index.js as a plain ES module, and prints the URL.
// The browser test (test/browser/run.mjs) starts the same server on a free port.
//
//   node inspector/serve.mjs [--port N]     (default 8427; 0 picks a free port)
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};
/** Only these folders are served: the page, the build, the data it shows, the checks. */
const SERVED = ['inspector', 'dist', 'fixtures', 'docs', 'test'];

/** Starts the static server; resolves to `{ server, url }` (url of the inspector page). */
export function startServer({ port = 8427, root = ROOT } = {}) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    if (path === '/' || path === '/inspector') {
      res.writeHead(302, { location: '/inspector/' }).end();
      return;
    }
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    const top = file.slice(root.length + 1).split(sep)[0];
    let size = -1;
    try {
      const st = statSync(file);
      if (st.isFile()) size = st.size;
    } catch {
      // not found
    }
    if (!file.startsWith(root + sep) || !SERVED.includes(top) || size < 0) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'content-length': size,
      'cache-control': 'no-store',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: actual } = server.address();
      resolve({ server, url: `http://127.0.0.1:${actual}/inspector/` });
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--port');
  const { url } = await startServer({ port: i > 0 ? Number(process.argv[i + 1]) : 8427 });
  console.log(`mqtt-codec inspector: ${url}  (serving ${ROOT} on 127.0.0.1 only; Ctrl-C stops)`);
}
