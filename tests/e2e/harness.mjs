// What every end-to-end test file shares: the trunk-built dist/ served on a
// free port of 127.0.0.1 (each path asked for kept in `served`, in order)
// and Debian's Chromium launched headless through playwright-core, never a
// downloaded browser. Importing this module registers the before/after hooks.
import { before, after } from 'node:test';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

export const dist = process.env.SKYPLAN_DIST ?? join(process.cwd(), '..', '..', 'dist');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.md': 'text/markdown' };

let server;
/** The launched browser and the served app's address, set by the before hook. */
export let browser, base;
/** Every path the server was asked for since the last resetServed(), in order. */
export let served = [];
export function resetServed() {
  served = [];
}

before(async () => {
  server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    served.push(path);
    try {
      const body = await readFile(join(dist, path === '/' ? 'index.html' : path));
      res.writeHead(200, { 'content-type': types[extname(path)] ?? 'text/html' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end('not found');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
});

after(async () => {
  await browser?.close();
  server?.close();
});
