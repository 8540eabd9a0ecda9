// Browser benchmarks for BENCHMARKS.md (run: node bench.mjs, with dist/ built
// and SKYPLAN_BIN set). Measures, in headless Chromium on 127.0.0.1:
//  1. wasm + JS size, gzipped (pricing data excluded);
//  2. time from navigation to the first priced diagram of saas-3tier;
//  3. time from an edit to the updated total on a 200-component plan.
import { createServer } from 'node:http';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { extname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';

const dist = process.env.SKYPLAN_DIST ?? join(process.cwd(), '..', '..', 'dist');
const runs = Number(process.env.RUNS ?? 15);
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

let bytes = 0, gzipped = 0;
for (const f of await readdir(dist)) {
  if (f.endsWith('.wasm') || f.endsWith('.js')) {
    const body = await readFile(join(dist, f));
    bytes += body.length;
    gzipped += gzipSync(body, { level: 9 }).length;
  }
}
console.log(`wasm + JS: ${(bytes / 1024).toFixed(0)} KB, gzipped ${(gzipped / 1024).toFixed(0)} KB`);

const server = createServer(async (req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  try {
    const body = await readFile(join(dist, path === '/' ? 'index.html' : path));
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'text/html' });
    res.end(body);
  } catch { res.writeHead(404); res.end(); }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'] });

const firstPriced = [];
for (let i = 0; i < runs; i++) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(base);
  const t = await page.waitForFunction(() => {
    const cost = document.querySelector('[data-testid=card-cost-db]');
    return cost && cost.textContent.startsWith('$') ? performance.now() : null;
  }, null, { polling: 'raf', timeout: 20000 });
  firstPriced.push(await t.jsonValue());
  await ctx.close();
}
console.log(`navigation → first priced diagram: median ${median(firstPriced).toFixed(0)} ms (min ${Math.min(...firstPriced).toFixed(0)}, max ${Math.max(...firstPriced).toFixed(0)}, ${runs} runs)`);

// A 200-component plan: saas-3tier's 14 components, repeated with new ids.
const template = JSON.parse(await readFile(join(process.cwd(), '..', '..', 'crates', 'skyplan-core', 'templates', 'saas-3tier.json'), 'utf8'));
const plan = { ...template, name: '200 components', components: [], connections: [], environments: template.environments.map((e) => ({ name: e.name, ...(e.schedule ? { schedule: e.schedule } : {}) })) };
for (let i = 0; plan.components.length < 200; i++) {
  for (const c of template.components) {
    if (plan.components.length >= 200) break;
    if (c.kind === 'vpc' && i > 0) continue;
    const copy = JSON.parse(JSON.stringify(c));
    copy.id = `${c.id}-${i}`;
    if (copy.bucket) copy.bucket = `${copy.bucket}-${i}`;
    if (copy.origins) copy.origins = [];
    if (copy.alarms) copy.alarms = [];
    plan.components.push(copy);
  }
}
const file = join(tmpdir(), 'bench-200.json');
await writeFile(file, JSON.stringify(plan));
const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
const page = await ctx.newPage();
page.on('crash', () => console.log('the page crashed'));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(base);
await page.getByTestId('total-monthly').waitFor();
await page.getByTestId('import-file').setInputFiles(file);
await page.waitForFunction(() => document.querySelector('[data-testid=plan-name]').textContent === '200 components');
await page.getByTestId('card-web-0').click();
const editTimes = [];
for (let i = 0; i < runs; i++) {
  const ms = await page.evaluate((desired) => new Promise((resolve) => {
    const total = document.querySelector('[data-testid=total-monthly]');
    const before = total.textContent;
    const input = document.querySelector('[data-testid=field-desired]');
    const start = performance.now();
    const observer = new MutationObserver(() => {
      if (total.textContent !== before) { observer.disconnect(); resolve(performance.now() - start); }
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    input.value = String(desired);
    input.dispatchEvent(new Event('change', { bubbles: true }));
  }), 4 + (i % 2) * 2);
  editTimes.push(ms);
}
console.log(`edit → updated total, 200 components: median ${median(editTimes).toFixed(1)} ms (min ${Math.min(...editTimes).toFixed(1)}, max ${Math.max(...editTimes).toFixed(1)}, ${runs} runs)`);
await browser.close();
server.close();
