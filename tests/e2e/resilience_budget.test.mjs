// End-to-end tests of the Resilience and Budget views in Debian's Chromium
// (playwright-core, never a downloaded browser), against the trunk-built
// dist/ served on 127.0.0.1, checked against the CLI (`skyplan dr`,
// `skyplan forecast`). Screenshots go to tests/e2e/screenshots/.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdir } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browser, base } from './harness.mjs';

const skyplanBin = process.env.SKYPLAN_BIN;
const shots = join(process.cwd(), 'screenshots');

before(() => mkdir(shots, { recursive: true }));
const saas = join(process.cwd(), '..', '..', 'crates', 'skyplan-core', 'templates', 'saas-3tier.json');

/** A fresh browser profile on saas-3tier production; console watched for panics. */
async function openPlanner() {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  const page = await ctx.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (/panicked|RuntimeError|unreachable/.test(m.text())) problems.push(`console: ${m.text()}`); });
  await page.goto(base);
  await page.getByTestId('total-monthly').waitFor({ timeout: 20000 });
  return { page, ctx, problems };
}

function cli(args) {
  assert.ok(skyplanBin, 'SKYPLAN_BIN must point to the skyplan binary');
  return JSON.parse(execFileSync(skyplanBin, [...args, '--format', 'json'], { encoding: 'utf8' }));
}

/** `skyplan dr`'s duration text (as the view prints it). */
function duration(seconds) {
  const h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
  const parts = [];
  if (h > 0) parts.push(`${h} h`);
  if (m > 0) parts.push(`${m} min`);
  if (s > 0 && h === 0) parts.push(`${s} s`);
  return parts.length ? parts.join(' ') : '0 s';
}

const dollars = (text) => Number(text.replace(/[$,]/g, ''));

async function setTarget(page, testid, value) {
  const field = page.getByTestId(testid);
  await field.fill(String(value));
  await field.press('Enter');
  await field.blur();
}

/** Grows the viewport to the main view's height, so one screenshot holds the whole view. */
async function screenshotView(page, file) {
  const height = await page.evaluate(() => {
    const main = document.querySelector('.canvas-area');
    return Math.ceil(main.getBoundingClientRect().top + main.scrollHeight + 8);
  });
  await page.setViewportSize({ width: 1366, height: Math.max(768, Math.min(height, 6000)) });
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(shots, file) });
  await page.setViewportSize({ width: 1366, height: 768 });
}

/** Pixels of a canvas that are not white. */
const inkedPixels = (page, testid) => page.getByTestId(testid).evaluate((canvas) => {
  const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
  let inked = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240) inked++;
  return inked;
});

test('the Resilience view shows the four strategies, the recommendation, the scenarios and the weakest links of saas-3tier, as the CLI', async () => {
  const { page, ctx, problems } = await openPlanner();
  await page.getByTestId('show-resilience').click();
  await page.getByTestId('strategies').waitFor({ timeout: 30000 });
  const expected = cli(['dr', saas, '--env', 'production']);

  const strategies = page.locator('tbody[data-testid^="strategy-"]');
  assert.equal(await strategies.count(), 4);
  for (const s of expected.strategies) {
    assert.equal(await page.getByTestId(`rpo-${s.strategy}`).textContent(), duration(s.rpo_seconds), `${s.strategy} RPO`);
    assert.equal(await page.getByTestId(`rto-${s.strategy}`).textContent(), duration(s.rto_seconds), `${s.strategy} RTO`);
    assert.equal(await page.getByTestId(`meets-${s.strategy}`).textContent(), s.meets_rpo && s.meets_rto ? 'yes' : 'no', `${s.strategy} meets`);
    // A DR cost with a missing price is a lower bound, and says so.
    const cost = await page.getByTestId(`dr-cost-${s.strategy}`).textContent();
    assert.equal(cost.startsWith('at least '), !s.dr_cost.complete, `${s.strategy} DR cost ${cost}`);
    assert.equal(dollars(cost.replace('at least ', '')), Math.round(Number(s.dr_cost.monthly) * 100) / 100, `${s.strategy} DR cost`);
  }
  assert.equal(expected.recommendation, 'pilot_light');
  assert.equal(await page.locator('[data-testid=recommended]').count(), 1);
  assert.equal(await page.getByTestId('strategy-pilot_light').getByTestId('recommended').count(), 1);
  assert.match(await page.getByTestId('recommendation').textContent(), /Pilot light: the cheapest strategy meeting the RTO and RPO targets/);
  // The DR region's catalog lacks some prices: the cost is a lower bound, and they are named.
  assert.match(await page.getByTestId('strategy-pilot_light').textContent(), /lower bound: \d+ price\(s\) missing/);
  for (const name of expected.strategies.flatMap((s) => s.dr_cost.missing_prices)) {
    assert.ok((await page.getByTestId('dr-missing-prices').textContent()).includes(name), `${name} is named`);
  }
  assert.match(await page.getByTestId('dr-catalog-status').textContent(), /eu-west-1 prices/);

  await page.getByTestId('strategies').screenshot({ path: join(shots, 'resilience-strategies.png') });

  // How each figure was derived, term by term with its source.
  await page.getByTestId('derive-backup_restore').click();
  const derivation = await page.getByTestId('derivation-backup_restore').textContent();
  assert.match(derivation, /RTO 5 h 37 min = the sum of/);
  assert.match(derivation, /Route 53 health checks/);
  assert.match(derivation, /plan: restore_gb_per_hour/);

  // Failure scenarios, as the CLI.
  assert.equal(await page.getByTestId('az-outage').textContent(), duration(expected.az_loss.outage_seconds));
  assert.match(await page.getByTestId('region-loss-multi_site').textContent(), new RegExp(duration(expected.region_loss[3].outage_seconds)));

  // Availability of every environment, the weakest link highlighted.
  const availability = cli(['dr', saas]).availability;
  for (const a of availability) {
    assert.equal(await page.getByTestId(`composite-${a.environment}`).textContent(), `${a.composite_percent.toFixed(4)} %`);
    assert.equal(await page.getByTestId(`weakest-component-${a.environment}`).textContent(), a.weakest_link.component);
    assert.match(await page.getByTestId(`block-${a.environment}-${a.weakest_link.component}`).getAttribute('class'), /weakest/);
  }
  assert.equal(await page.getByTestId('weakest-component-production').textContent(), 'cdn');
  assert.match(await page.getByTestId('weakest-production').textContent(), /no setting of the plan raises it/);
  assert.match(await page.getByTestId('weakest-dev').textContent(), /at least 2 instances.*\+\$5\.00 a month/);

  await screenshotView(page, 'resilience.png');
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('changing the RTO target changes which strategies meet it and the recommendation; undo brings it back', async () => {
  const { page, ctx, problems } = await openPlanner();
  await page.getByTestId('show-resilience').click();
  await page.getByTestId('strategies').waitFor({ timeout: 30000 });
  assert.equal(await page.getByTestId('target-rto').inputValue(), '120');
  const meets = async () => Object.fromEntries(await Promise.all(['backup_restore', 'pilot_light', 'warm_standby', 'multi_site']
    .map(async (s) => [s, await page.getByTestId(`meets-${s}`).textContent()])));
  assert.deepEqual(await meets(), { backup_restore: 'no', pilot_light: 'yes', warm_standby: 'yes', multi_site: 'yes' });

  // 20 minutes: only multi-site active/active (RTO 12 min 30 s) recovers in time.
  await setTarget(page, 'target-rto', 20);
  await page.waitForFunction(() => document.querySelector('[data-testid=meets-pilot_light]')?.textContent === 'no');
  assert.deepEqual(await meets(), { backup_restore: 'no', pilot_light: 'no', warm_standby: 'no', multi_site: 'yes' });
  assert.equal(await page.getByTestId('strategy-multi_site').getByTestId('recommended').count(), 1);
  const expected = cli(['dr', saas, '--env', 'production']);
  assert.equal(expected.recommendation, 'pilot_light', 'the file is unchanged: the edit is the page\'s');

  // A refused value names the field and changes nothing.
  await setTarget(page, 'target-rpo', -5);
  assert.match(await page.getByTestId('error-target-rpo').textContent(), /resilience\.targets\.rpo_minutes/);
  assert.equal(await page.getByTestId('meets-multi_site').textContent(), 'yes');

  await page.keyboard.press('Control+z');
  await page.waitForFunction(() => document.querySelector('[data-testid=meets-pilot_light]')?.textContent === 'yes');
  assert.equal(await page.getByTestId('target-rto').inputValue(), '120');

  // Applying a priced improvement: dev's database goes Multi-AZ in dev only.
  const before = await page.getByTestId('composite-dev').textContent();
  await page.getByTestId('apply-dev-db').click();
  await page.waitForFunction((prev) => document.querySelector('[data-testid=composite-dev]')?.textContent !== prev, before);
  assert.ok(parseFloat(await page.getByTestId('composite-dev').textContent()) > parseFloat(before));
  assert.equal(await page.getByTestId('apply-dev-db').count(), 0, 'nothing left to apply for db');
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('the Budget view draws the forecast, follows months and budget, exports the CSV, and prints without the toolbar', async () => {
  const { page, ctx, problems } = await openPlanner();
  const allEnvironments = await page.getByTestId('all-environments-monthly').textContent();
  await page.getByTestId('show-budget').click();
  await page.locator('[data-testid=chart-tiers][data-drawn=yes]').waitFor({ timeout: 30000 });
  for (const chart of ['chart-tiers', 'chart-cumulative', 'chart-cash-flow']) {
    assert.equal(await page.getByTestId(chart).getAttribute('data-drawn'), 'yes', chart);
    assert.ok(await inkedPixels(page, chart) > 5000, `${chart} has drawn pixels`);
  }
  // Month 1 is the estimate, every environment together.
  assert.equal(await page.getByTestId('budget-month1').textContent(), allEnvironments);
  assert.equal(await page.locator('[data-testid^="budget-row-"]').count(), 24);
  assert.equal(await page.getByTestId('budget-crossing').textContent(), 'within budget');

  // 36 months: saas-3tier's 45,000 USD a year is crossed in the month the CLI says.
  await page.getByTestId('budget-months').selectOption('36');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid^="budget-row-"]').length === 36);
  const forecast36 = cli(['forecast', saas, '--months', '36']);
  assert.equal(forecast36.budget.first_month_over, 31);
  assert.equal(await page.getByTestId('budget-crossing').textContent(), `month ${forecast36.budget.first_month_over}`);
  assert.match(await page.getByTestId('budget-row-31').getAttribute('class'), /over/);
  await screenshotView(page, 'budget.png');

  // The budget is the plan's: a lower one is crossed earlier, as the CLI's --budget.
  await page.getByTestId('budget-annual').fill('42000');
  await page.getByTestId('budget-annual').press('Enter');
  const lower = cli(['forecast', saas, '--months', '36', '--budget', '42000']);
  await page.waitForFunction((m) => document.querySelector('[data-testid=budget-crossing]')?.textContent === `month ${m}`, lower.budget.first_month_over);

  // CSV export: skyplan forecast's file; its first month's total is the estimate.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('budget-export-csv').click()]);
  assert.equal(download.suggestedFilename(), 'saas-three-tier-forecast-36m.csv');
  const path = join(tmpdir(), `forecast-${process.pid}.csv`);
  await download.saveAs(path);
  const lines = (await readFile(path, 'utf8')).trim().split('\n');
  assert.equal(lines[0], 'month,environment,tier,on_demand,amortized,cash,commitment_upfront,cumulative_amortized,cumulative_cash,budget_cumulative,complete');
  const firstTotal = lines.find((l) => l.startsWith('1,total,all,')).split(',');
  assert.equal(Number(firstTotal[3]), dollars(allEnvironments));
  assert.equal(lines.filter((l) => /^\d+,total,all,/.test(l)).length, 36);
  assert.equal(Number(firstTotal[9]), 3500, 'budget to date: 42,000 / 12');

  // Without commitments nothing is paid upfront: amortised, cash and on demand agree in month 1.
  await page.getByTestId('budget-commitments').uncheck();
  await page.getByTestId('budget-commitments-list').waitFor({ state: 'detached' });
  const row1 = await page.getByTestId('budget-row-1').locator('td').allTextContents();
  assert.equal(`$${row1.at(-5)}`, allEnvironments, 'amortised month 1 = the estimate');

  // One environment: production's month 1 is production's estimate.
  await page.getByTestId('budget-environment').selectOption('production');
  await page.waitForFunction((t) => document.querySelector('[data-testid=budget-month1]')?.textContent === t, await page.getByTestId('total-monthly').textContent());

  // Printing: no toolbar, palette or side panel; the view at full width with its charts.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.topbar').isVisible(), false);
  assert.equal(await page.locator('.palette').isVisible(), false);
  assert.equal(await page.locator('.side').isVisible(), false);
  assert.equal(await page.getByTestId('budget-view').isVisible(), true);
  assert.equal(await page.getByTestId('chart-cumulative').isVisible(), true);
  const width = await page.getByTestId('budget-view').evaluate((el) => el.getBoundingClientRect().width);
  assert.ok(width > 1300, `full width in print (${width}px)`);
  await screenshotView(page, 'budget-print.png');
  await page.emulateMedia({ media: 'screen' });
  assert.equal(await page.locator('.topbar').isVisible(), true);

  // The Resilience view prints the same way.
  await page.getByTestId('show-resilience').click();
  await page.getByTestId('strategies').waitFor({ timeout: 30000 });
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.topbar').isVisible(), false);
  assert.equal(await page.getByTestId('resilience-view').isVisible(), true);
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  assert.ok(pdf.length > 20000, 'a printed report');
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(problems, []);
  await ctx.close();
});
