// End-to-end tests of the planner shell in Debian's Chromium (playwright-core,
// never a downloaded browser). Serves the trunk-built dist/ on 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { chromium } from 'playwright-core';

const dist = process.env.SKYPLAN_DIST ?? join(process.cwd(), '..', '..', 'dist');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.md': 'text/markdown' };

let server, browser, base;

before(async () => {
  server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
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

async function openPlanner() {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(base);
  await page.getByTestId('total-monthly').waitFor({ timeout: 20000 });
  return { page, errors };
}

test('opens on saas-3tier production with the hand-checked total', async () => {
  const { page, errors } = await openPlanner();
  assert.equal(await page.getByTestId('plan-name').textContent(), 'SaaS three-tier');
  // The same figure as the golden test's hand computation.
  assert.equal(await page.getByTestId('total-monthly').textContent(), '$2,498.46');
  assert.equal(await page.getByTestId('total-annual').textContent(), '$29,981.51');
  assert.match(await page.getByTestId('tier-row-data').textContent(), /\$859\.25/);
  assert.equal(await page.getByTestId('component-cost-db').textContent(), '$859.25');
  assert.deepEqual(errors, []);
  await page.close();
});

test('shows the calculation of a component', async () => {
  const { page } = await openPlanner();
  await page.getByTestId('component-db').locator('summary').click();
  const text = await page.getByTestId('component-db').textContent();
  assert.match(text, /Instance postgres db\.r5\.xlarge \(Multi-AZ\)/);
  assert.match(text, /primary \+ standby at the Single-AZ rate/);
  assert.match(text, /730\.00/);
  await page.close();
});

test('switching environment reprices, and shows part-time hours', async () => {
  const { page } = await openPlanner();
  await page.getByTestId('env-tab-dev').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=total-monthly]').textContent !== '$2,498.46');
  assert.equal(await page.getByTestId('total-monthly').textContent(), '$210.13');
  assert.match(await page.locator('.total-card').first().textContent(), /part-time, 217\.3 h\/month/);
  await page.close();
});

test('switching region reprices and names the prices that region lacks', async () => {
  const { page } = await openPlanner();
  await page.getByTestId('region-select').selectOption('eu-west-1');
  await page.getByTestId('missing-prices').waitFor({ timeout: 20000 });
  const missing = await page.getByTestId('missing-prices').textContent();
  assert.match(missing, /nat_gateway\.hour in eu-west-1/);
  assert.notEqual(await page.getByTestId('total-monthly').textContent(), '$2,498.46');
  await page.close();
});

test('a catalog that fails to load is reported, not hidden', async () => {
  const { page } = await openPlanner();
  await page.route('**/pricing-data/us-west-2.json', (route) => route.fulfill({ status: 503, body: 'unavailable' }));
  await page.getByTestId('region-select').selectOption('us-west-2');
  const status = page.getByTestId('catalog-status');
  await status.waitFor({ timeout: 20000 });
  await page.waitForFunction(() => /could not be loaded/.test(document.querySelector('[data-testid=catalog-status]')?.textContent ?? ''));
  assert.match(await status.textContent(), /us-west-2 prices could not be loaded: .*HTTP 503/);
  await page.close();
});

test('choosing another template loads it', async () => {
  const { page } = await openPlanner();
  await page.getByTestId('template-select').selectOption('static-site');
  await page.waitForFunction(() => document.querySelector('[data-testid=plan-name]').textContent === 'Static website');
  await page.getByTestId('component-cdn').waitFor();
  assert.equal(await page.getByTestId('component-web').count(), 0);
  await page.close();
});
