// End-to-end tests of the analysis module (crate skyplan-web-analysis):
// the first page does not fetch it; the first analysis tab does, once; the
// views are kept across tabs (a Monte Carlo band, a report's settings) and
// follow what changed meanwhile; printing the diagram is not taken over by
// a report opened before; a module that cannot load is reported with a
// retry. Same harness as planner.test.mjs (dist/ served on 127.0.0.1,
// Debian's Chromium).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { browser, base, served, resetServed } from './harness.mjs';

async function openPlanner() {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await ctx.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (/panicked|RuntimeError|unreachable/.test(m.text())) problems.push(`console: ${m.text()}`); });
  resetServed();
  await page.goto(base);
  await page.getByTestId('total-monthly').waitFor({ timeout: 20000 });
  await page.waitForFunction(() => document.querySelector('[data-testid=card-cost-db]')?.textContent.startsWith('$'));
  return { page, ctx, problems };
}

const moduleFiles = () => served.filter((p) => /skyplan-web-analysis/.test(p)).sort();

test('the first page does not fetch the analysis module; the first analysis tab does, once, and the views are kept across tabs', async () => {
  const { page, ctx, problems } = await openPlanner();
  assert.deepEqual(moduleFiles(), [], `fetched by the first page: ${served.join(', ')}`);

  await page.getByTestId('show-simulate').click();
  await page.getByTestId('sim-monthly').waitFor({ timeout: 20000 });
  assert.deepEqual(moduleFiles(), ['/skyplan-web-analysis.js', '/skyplan-web-analysis_bg.wasm']);
  assert.equal(await page.getByTestId('analysis-loading').count(), 0);

  // A Monte Carlo band, then every other tab and back: still there, nothing fetched again.
  await page.getByTestId('sim-trials').fill('20');
  await page.getByTestId('sim-trials').press('Enter');
  await page.getByTestId('sim-run').click();
  await page.getByTestId('sim-bands').waitFor({ timeout: 30000 });
  const p50 = await page.getByTestId('sim-cost-p50').textContent();
  for (const tab of ['show-resilience', 'show-budget', 'show-audit', 'show-diagram']) {
    await page.getByTestId(tab).click();
  }
  await page.getByTestId('card-web').waitFor();
  assert.equal(await page.getByTestId('simulate-view').isVisible(), false);
  await page.getByTestId('show-simulate').click();
  assert.equal(await page.getByTestId('sim-cost-p50').textContent(), p50, 'the band is kept');
  assert.equal(await page.getByTestId('sim-bands-stale').count(), 0);
  assert.deepEqual(moduleFiles(), ['/skyplan-web-analysis.js', '/skyplan-web-analysis_bg.wasm'], 'fetched once');

  // What changed while the view was hidden is there when it is shown again.
  await page.getByTestId('show-diagram').click();
  await page.getByTestId('env-tab-dev').click();
  await page.getByTestId('show-simulate').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=simulate-view] h2')?.textContent === 'Simulate dev against its traffic');
  await page.getByTestId('show-budget').click();
  await page.getByTestId('budget-months').selectOption('36');
  await page.getByTestId('show-resilience').click();
  await page.getByTestId('show-budget').click();
  assert.equal(await page.getByTestId('budget-months').inputValue(), '36', "the Budget view's settings are kept");
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('pointing at an analysis tab starts fetching the module; the click then mounts it without fetching again', async () => {
  const { page, ctx, problems } = await openPlanner();
  await page.getByTestId('show-budget').hover();
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /skyplan-web-analysis_bg\.wasm/.test(e.name) && e.responseEnd > 0), null, { timeout: 20000 });
  assert.deepEqual(moduleFiles(), ['/skyplan-web-analysis.js', '/skyplan-web-analysis_bg.wasm']);
  // Only fetched: the Diagram is still what is shown, nothing mounted.
  assert.equal(await page.getByTestId('budget-view').count(), 0);
  await page.getByTestId('show-budget').click();
  await page.getByTestId('budget-view').waitFor({ timeout: 20000 });
  assert.deepEqual(moduleFiles(), ['/skyplan-web-analysis.js', '/skyplan-web-analysis_bg.wasm']);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('printing the diagram after a report was opened prints the cost panel, and the report prints alone', async () => {
  const { page, ctx, problems } = await openPlanner();
  await page.getByTestId('show-resilience').click();
  await page.getByTestId('meets-pilot_light').waitFor({ timeout: 20000 });
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.side').isVisible(), false, 'the report alone');
  assert.equal(await page.getByTestId('resilience-view').isVisible(), true);
  await page.emulateMedia({ media: 'screen' });
  await page.getByTestId('show-diagram').click();
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.side').isVisible(), true, 'the cost summary, as before any report');
  assert.equal(await page.getByTestId('resilience-view').isVisible(), false);
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(problems, []);
  await ctx.close();
});

for (const file of ['skyplan-web-analysis.js', 'skyplan-web-analysis_bg.wasm']) {
  test(`an analysis module whose ${file} cannot be fetched is reported, and can be tried again`, async () => {
    const { page, ctx, problems } = await openPlanner();
    await page.route(`**/${file}`, (route) => route.fulfill({ status: 503, body: 'unavailable' }));
    await page.getByTestId('show-simulate').click();
    await page.getByTestId('analysis-error').waitFor({ timeout: 20000 });
    const error = await page.getByTestId('analysis-error').textContent();
    assert.match(error, /^the analysis views could not be loaded: .+Retry$/);
    // The page itself still works.
    await page.getByTestId('show-diagram').click();
    await page.getByTestId('card-web').waitFor();
    await page.getByTestId('show-simulate').click();
    await page.unroute(`**/${file}`);
    await page.getByTestId('analysis-retry').click();
    await page.getByTestId('sim-monthly').waitFor({ timeout: 20000 });
    assert.equal(await page.getByTestId('analysis-error').count(), 0);
    assert.deepEqual(problems, []);
    await ctx.close();
  });
}
