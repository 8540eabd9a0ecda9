// Browser benchmarks of the Resilience and Budget views for BENCHMARKS.md
// (run: node bench_reports.mjs, with dist/ built). In headless Chromium on
// 127.0.0.1, saas-3tier, median of RUNS fresh pages:
//  1. click on "Resilience" → strategy table shown (first time: includes the
//     analysis module's fetch and start and the DR region's catalog fetch),
//     and the DR analysis alone (data-ms);
//  2. RTO target edited → "meets" column updated;
//  3. click on "Budget" → stacked chart drawn (24 months), and the forecast alone;
//  4. months 24 → 36 → 36 rows and charts redrawn.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { chromium } from 'playwright-core';

const dist = process.env.SKYPLAN_DIST ?? join(process.cwd(), '..', '..', 'dist');
const runs = Number(process.env.RUNS ?? 11);
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const show = (name, xs) => console.log(`${name}: median ${median(xs).toFixed(1)} ms (min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)}, ${xs.length} runs)`);

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

/** Milliseconds from a click (or change) made in the page to `done()` holding, checked on every animation frame. */
const timed = (page, act, done) => page.evaluate(([act, done]) => new Promise((resolve) => {
  const start = performance.now();
  new Function(act)();
  const check = () => (new Function(`return (${done})`)() ? resolve(performance.now() - start) : requestAnimationFrame(check));
  check();
}), [act, done]);

const m = { openResilience: [], analysis: [], availability: [], rto: [], openBudget: [], forecast: [], months: [] };
for (let i = 0; i < runs; i++) {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await ctx.newPage();
  await page.goto(base);
  await page.getByTestId('total-monthly').waitFor({ timeout: 20000 });
  m.openResilience.push(await timed(page, "document.querySelector('[data-testid=show-resilience]').click()", "document.querySelector('[data-testid=meets-pilot_light]')"));
  m.analysis.push(Number(await page.getByTestId('resilience-ms').getAttribute('data-ms')));
  m.availability.push(Number((await page.getByTestId('availability-ms').textContent()).match(/in (\d+)/)[1]));
  m.rto.push(await timed(page,
    "const f = document.querySelector('[data-testid=target-rto]'); f.value = '20'; f.dispatchEvent(new Event('change', { bubbles: true }))",
    "document.querySelector('[data-testid=meets-pilot_light]')?.textContent === 'no'"));
  m.openBudget.push(await timed(page, "document.querySelector('[data-testid=show-budget]').click()", "document.querySelector('[data-testid=chart-tiers][data-drawn=yes]')"));
  m.forecast.push(Number(await page.getByTestId('budget-ms').getAttribute('data-ms')));
  m.months.push(await timed(page,
    "const s = document.querySelector('[data-testid=budget-months]'); s.value = '36'; s.dispatchEvent(new Event('change', { bubbles: true }))",
    "document.querySelectorAll('[data-testid^=\"budget-row-\"]').length === 36"));
  await ctx.close();
}
show('click → Resilience view (first time: the analysis module and the DR catalog fetched)', m.openResilience);
show('  the DR analysis alone (production: 4 strategies, AZ loss, region takeovers)', m.analysis);
show('  availability of the 3 environments (whole ms)', m.availability);
show('RTO target edited → strategies re-rated', m.rto);
show('click → Budget view, 24 months drawn', m.openBudget);
show('  the 24-month forecast alone', m.forecast);
show('months 24 → 36 → table and charts updated', m.months);
await browser.close();
server.close();
