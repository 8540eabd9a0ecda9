// Browser benchmarks for BENCHMARKS.md (run: node bench.mjs, with dist/ built
// and SKYPLAN_BIN set). Measures, in headless Chromium on 127.0.0.1:
//  1. wasm + JS size, gzipped level 9 (pricing data excluded): what the first
//     page fetches (from the server's log), the web worker the first export
//     fetches on top, and the analysis module the first analysis tab fetches;
//  2. time from navigation to the first priced diagram of saas-3tier;
//  3. time from an edit to the updated total on a 200-component plan;
//  4. the Simulate view on saas-3tier production: a year's 1-minute run
//     (results and charts) after choosing the period, and the longest task
//     on the main thread while it runs and while 1,000 Monte Carlo trials of
//     a year run in chunks (the page's responsiveness);
//  5. the first opening of the Simulate tab: from the click to its results
//     (and to its charts painted), the analysis module's fetch and start
//     included.
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

/** The paths the server was asked for, in order. */
let served = [];
/** Raw and gzipped (level 9) bytes of the wasm and JS among `paths`. */
async function weigh(paths) {
  let bytes = 0, gzipped = 0;
  for (const p of new Set(paths.filter((p) => p.endsWith('.wasm') || p.endsWith('.js')))) {
    const body = await readFile(join(dist, p));
    bytes += body.length;
    gzipped += gzipSync(body, { level: 9 }).length;
  }
  return { bytes, gzipped };
}
const kb = (n) => (n / 1024).toFixed(0);

const server = createServer(async (req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  served.push(path);
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
// 1. What the browser fetches to show the first priced diagram, and what
// the first export fetches on top (the web worker), from the server's log.
{
  const ctx = await browser.newContext({ acceptDownloads: true });
  const page = await ctx.newPage();
  served = [];
  await page.goto(base);
  await page.waitForFunction(() => document.querySelector('[data-testid=card-cost-db]')?.textContent.startsWith('$'), null, { polling: 'raf', timeout: 20000 });
  const first = [...served];
  const page1 = await weigh(first);
  console.log(`first page wasm + JS (${first.filter((p) => /\.(wasm|js)$/.test(p)).join(', ')}): ${kb(page1.bytes)} KB, gzipped ${kb(page1.gzipped)} KB`);
  const start = Date.now();
  await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.getByTestId('export-terraform').click()]);
  const exportMs = Date.now() - start;
  const later = served.slice(first.length);
  const worker = await weigh(later);
  console.log(`worker wasm + JS, fetched on first export (${later.filter((p) => /\.(wasm|js)$/.test(p)).join(', ')}): ${kb(worker.bytes)} KB, gzipped ${kb(worker.gzipped)} KB; first Export Terraform (worker fetched and started, zip made) ${exportMs} ms`);
  const beforeAnalysis = served.length;
  await page.getByTestId('show-simulate').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=sim-monthly]')?.textContent.startsWith('$'), null, { polling: 'raf', timeout: 20000 });
  const analysisFiles = served.slice(beforeAnalysis);
  const analysis = await weigh(analysisFiles);
  console.log(`analysis module wasm + JS, fetched on the first analysis tab (${analysisFiles.filter((p) => /\.(wasm|js)$/.test(p)).join(', ') || 'none: in the first page'}): ${kb(analysis.bytes)} KB, gzipped ${kb(analysis.gzipped)} KB`);
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

// 4. Simulate: time from choosing "a year" to its results on screen, and the
// longest main-thread task (PerformanceObserver "longtask", ≥ 50 ms) meanwhile.
const yearTimes = [], yearLongest = [];
for (let i = 0; i < Math.min(runs, 11); i++) {
  const sctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const spage = await sctx.newPage();
  await spage.goto(base);
  await spage.getByTestId('total-monthly').waitFor();
  await spage.getByTestId('show-simulate').click();
  await spage.waitForFunction(() => document.querySelector('[data-testid=chart-mix]')?.dataset.drawn === 'yes');
  const { ms, longest } = await spage.evaluate(() => new Promise((resolve) => {
    const monthly = document.querySelector('[data-testid=sim-monthly]');
    const before = monthly.textContent;
    let longest = 0;
    const tasks = new PerformanceObserver((list) => { for (const e of list.getEntries()) longest = Math.max(longest, e.duration); });
    tasks.observe({ type: 'longtask' });
    const select = document.querySelector('[data-testid=sim-period]');
    const start = performance.now();
    select.value = 'year';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    const done = () => {
      if (monthly.textContent !== before) {
        const ms = performance.now() - start;
        // Let the charts' tasks run and any long task be reported.
        setTimeout(() => { tasks.disconnect(); resolve({ ms, longest }); }, 100);
      } else requestAnimationFrame(done);
    };
    requestAnimationFrame(done);
  }));
  yearTimes.push(ms);
  yearLongest.push(longest);
  await sctx.close();
}
console.log(`Simulate, a year at 1-minute steps (3 groups) → results (charts follow, a task each): median ${median(yearTimes).toFixed(0)} ms (min ${Math.min(...yearTimes).toFixed(0)}, max ${Math.max(...yearTimes).toFixed(0)}); longest task ${median(yearLongest).toFixed(0)} ms median, ${Math.max(...yearLongest).toFixed(0)} ms max`);

const mctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
const mpage = await mctx.newPage();
await mpage.goto(base);
await mpage.getByTestId('total-monthly').waitFor();
await mpage.getByTestId('show-simulate').click();
await mpage.getByTestId('sim-period').selectOption('year');
await mpage.getByTestId('sim-trials').fill('1000');
await mpage.getByTestId('sim-trials').press('Enter');
await mpage.waitForFunction(() => document.querySelector('[data-testid=chart-mix]')?.dataset.drawn === 'yes');
const mc = await mpage.evaluate(() => new Promise((resolve) => {
  let longest = 0, frames = 0, worstGap = 0, last = performance.now();
  const tasks = new PerformanceObserver((list) => { for (const e of list.getEntries()) longest = Math.max(longest, e.duration); });
  tasks.observe({ type: 'longtask' });
  const start = performance.now();
  document.querySelector('[data-testid=sim-run]').click();
  const tick = () => {
    const now = performance.now();
    worstGap = Math.max(worstGap, now - last);
    last = now;
    frames++;
    if (document.querySelector('[data-testid=sim-bands]')) { tasks.disconnect(); resolve({ ms: now - start, longest, frames, worstGap }); }
    else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}));
console.log(`Simulate, 1,000 Monte Carlo trials of a year in chunks: ${mc.ms.toFixed(0)} ms, ${mc.frames} frames painted meanwhile, longest task ${mc.longest.toFixed(0)} ms, longest gap between frames ${mc.worstGap.toFixed(0)} ms`);
await mctx.close();

// 5. The first opening of the Simulate tab in a fresh profile: click → its
// results on screen, and → its last chart painted.
const openResults = [], openCharts = [];
for (let i = 0; i < Math.min(runs, 11); i++) {
  const octx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const opage = await octx.newPage();
  await opage.goto(base);
  await opage.waitForFunction(() => document.querySelector('[data-testid=card-cost-db]')?.textContent.startsWith('$'), null, { polling: 'raf', timeout: 20000 });
  const { results, charts } = await opage.evaluate(() => new Promise((resolve) => {
    let results = null;
    const start = performance.now();
    document.querySelector('[data-testid=show-simulate]').click();
    const poll = () => {
      const now = performance.now();
      if (results === null && document.querySelector('[data-testid=sim-monthly]')?.textContent.startsWith('$')) results = now - start;
      if (results !== null && document.querySelector('[data-testid=chart-mix]')?.dataset.drawn === 'yes') resolve({ results, charts: now - start });
      else requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  }));
  openResults.push(results);
  openCharts.push(charts);
  await octx.close();
}
console.log(`Simulate tab, first opening (analysis module fetched and started, month run) → results: median ${median(openResults).toFixed(0)} ms (min ${Math.min(...openResults).toFixed(0)}, max ${Math.max(...openResults).toFixed(0)}); → charts painted: median ${median(openCharts).toFixed(0)} ms (${openResults.length} runs)`);

// 5b. The same when the pointer rests on the tab for 300 ms before the
// click, as a person's does: the module is fetched and compiled from the
// pointerenter (analysis_client::warm_up); timed from the click.
const warmResults = [];
for (let i = 0; i < Math.min(runs, 11); i++) {
  const octx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const opage = await octx.newPage();
  await opage.goto(base);
  await opage.waitForFunction(() => document.querySelector('[data-testid=card-cost-db]')?.textContent.startsWith('$'), null, { polling: 'raf', timeout: 20000 });
  warmResults.push(await opage.evaluate(() => new Promise((resolve) => {
    const tab = document.querySelector('[data-testid=show-simulate]');
    tab.dispatchEvent(new PointerEvent('pointerenter'));
    setTimeout(() => {
      const start = performance.now();
      tab.click();
      const poll = () => {
        if (document.querySelector('[data-testid=sim-monthly]')?.textContent.startsWith('$')) resolve(performance.now() - start);
        else requestAnimationFrame(poll);
      };
      requestAnimationFrame(poll);
    }, 300);
  })));
  await octx.close();
}
console.log(`Simulate tab, first opening after the pointer rested 300 ms on it → results: median ${median(warmResults).toFixed(0)} ms (min ${Math.min(...warmResults).toFixed(0)}, max ${Math.max(...warmResults).toFixed(0)}, ${warmResults.length} runs)`);
await browser.close();
server.close();
