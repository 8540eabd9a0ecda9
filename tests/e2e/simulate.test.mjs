// End-to-end tests of the Simulate view in Debian's Chromium (playwright-core):
// the traffic and policy editors change the plan through the core's edits
// (results follow, refusals show by their field, undo restores), the charts
// are drawn on their canvases, and the Monte Carlo band appears.
// Screenshots go to tests/e2e/screenshots/.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browser, base } from './harness.mjs';

const shots = join(process.cwd(), 'screenshots');

before(() => mkdir(shots, { recursive: true }));

/** A fresh profile on saas-3tier production, in the Simulate view with its 1-minute run shown. */
async function openSimulate() {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await ctx.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (/panicked|RuntimeError|unreachable/.test(m.text())) problems.push(`console: ${m.text()}`); });
  await page.goto(base);
  await page.getByTestId('total-monthly').waitFor({ timeout: 20000 });
  await page.getByTestId('show-simulate').click();
  await page.getByTestId('sim-monthly').waitFor({ timeout: 20000 });
  return { page, ctx, problems };
}

const text = (page, id) => page.getByTestId(id).textContent();
const dollars = (t) => Number(t.replace(/[$,]/g, ''));

async function changed(page, id, previous) {
  await page.waitForFunction(([id, prev]) => document.querySelector(`[data-testid="${id}"]`)?.textContent !== prev, [id, previous], { timeout: 15000 });
  return text(page, id);
}

async function fill(page, id, value) {
  const field = page.getByTestId(id);
  await field.fill(String(value));
  await field.press('Enter');
  await field.blur();
}

/** What a canvas holds: inked pixels, the accent blue, the capacity green, a fingerprint. */
function canvasPixels(page, id) {
  return page.getByTestId(id).evaluate((canvas) => {
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let ink = 0, blue = 0, green = 0, hash = 0;
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
      if (r < 235 || g < 235 || b < 235) ink++;
      if (b > 180 && r < 120 && g < 160) blue++;
      if (g > 90 && r < 90 && b < 110 && g > r + 30) green++;
      hash = (hash * 31 + r + 3 * g + 7 * b) >>> 0;
    }
    return { ink, blue, green, total: data.length / 4, hash, drawn: canvas.dataset.drawn };
  });
}

test('a traffic preset changes the results; a refused value shows by its field; undo restores', async () => {
  const { page, ctx, problems } = await openSimulate();
  const monthly = await text(page, 'sim-monthly');
  const webHours = Number(await text(page, 'sim-hours-web'));
  assert.equal(await page.getByTestId('traffic-shape').inputValue(), 'business_hours');
  assert.equal(await page.getByTestId('traffic-base_rps').inputValue(), '1500');

  // Flat: the peak all week long, so more instance-hours and a higher cost.
  await page.getByTestId('traffic-shape').selectOption('flat');
  const flat = await changed(page, 'sim-monthly', monthly);
  assert.ok(dollars(flat) > dollars(monthly), `${flat} > ${monthly}`);
  assert.ok(Number(await text(page, 'sim-hours-web')) > webHours);

  // The core refuses noise above 100 %: the message is by the field and nothing changes.
  await fill(page, 'traffic-noise_percent', 150);
  const error = page.getByTestId('error-traffic-noise_percent');
  await error.waitFor();
  assert.match(await error.textContent(), /150 is out of range; expected 0 to 100/);
  assert.equal(await text(page, 'sim-monthly'), flat);

  // A spike: added with a default (10× for 2 h, once a month at random), then refused at 0×.
  await page.getByTestId('spikes-add').click();
  const spiked = await changed(page, 'sim-monthly', flat);
  assert.notEqual(spiked, flat);
  await fill(page, 'spikes-1-multiplier', 0);
  await page.getByText('0 is out of range; expected a number > 0').waitFor();
  await page.screenshot({ path: join(shots, 'simulate-editors.png') });

  // Undo, twice: the spike, then the preset.
  await page.getByTestId('undo').click();
  assert.equal(await changed(page, 'sim-monthly', spiked), flat);
  await page.getByTestId('undo').click();
  assert.equal(await changed(page, 'sim-monthly', flat), monthly);
  assert.equal(await page.getByTestId('traffic-shape').inputValue(), 'business_hours');
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a policy edit changes the results, and a group without a policy holds its desired count', async () => {
  const { page, ctx, problems } = await openSimulate();
  const monthly = await text(page, 'sim-monthly');
  const webHours = Number(await text(page, 'sim-hours-web'));
  assert.equal(await page.getByTestId('sim-group').inputValue(), '0');
  assert.equal(await page.getByTestId('group-tt-target').inputValue(), '70');

  // A lower CPU target keeps more instances.
  await fill(page, 'group-tt-target', 40);
  const lower = await changed(page, 'sim-monthly', monthly);
  assert.ok(Number(await text(page, 'sim-hours-web')) > webHours, 'a 40 % target runs more instance-hours than 70 %');
  assert.ok(dollars(lower) > dollars(monthly));

  await fill(page, 'group-tt-target', 140);
  await page.getByTestId('error-group-tt-target').waitFor();
  assert.match(await text(page, 'error-group-tt-target'), /140 is out of range; expected more than 0 and at most 100/);

  // Step scaling shows its steps; no policy: the desired count all month.
  await page.getByTestId('group-policy').selectOption('step');
  await page.getByTestId('steps-out-1-add').waitFor();
  await changed(page, 'sim-monthly', lower);
  await page.getByTestId('group-policy').selectOption('none');
  await page.waitForFunction(() => /fixed/.test(document.querySelector('[data-testid=sim-group-web]')?.textContent ?? ''));

  // Purchase options: 50 % spot above a base of 1 is cheaper than all on demand.
  const beforeSpot = await text(page, 'sim-monthly');
  await fill(page, 'group-spot_percent', 50);
  await fill(page, 'group-on_demand_base', 1);
  const spot = await changed(page, 'sim-monthly', beforeSpot);
  assert.ok(dollars(spot) < dollars(beforeSpot), `${spot} < ${beforeSpot}`);

  // The group's bounds are the ASG's own settings: desired above max is refused by the core.
  await fill(page, 'group-desired', 20);
  await page.getByText(/desired.*20/).first().waitFor();
  await fill(page, 'group-max', 3);
  await page.waitForFunction(() => document.querySelector('[data-testid=sim-group-web]').textContent.includes('3–3'), null, { timeout: 15000 });

  // A scheduled action with a bad cron is refused with the core's message.
  await page.getByTestId('scheduled-add').click();
  await page.getByTestId('scheduled-2-cron').waitFor();
  await fill(page, 'scheduled-2-cron', '0 8 1 * *');
  await page.getByText('day of month and month must be "*"').waitFor();

  // Every edit went through the plan's history: undo back to the start.
  for (let i = 0; i < 12 && (await page.getByTestId('undo').isEnabled()); i++) await page.getByTestId('undo').click();
  await page.waitForFunction((m) => document.querySelector('[data-testid=sim-monthly]').textContent === m, monthly, { timeout: 15000 });
  assert.equal(await page.getByTestId('group-tt-target').inputValue(), '70');
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('the charts are drawn: demand vs capacity by week, instances, purchase mix, and the Monte Carlo band', async () => {
  const { page, ctx, problems } = await openSimulate();
  for (const id of ['chart-week', 'chart-instances', 'chart-mix']) {
    await page.waitForFunction((id) => document.querySelector(`[data-testid=${id}]`)?.dataset.drawn === 'yes', id);
    const px = await canvasPixels(page, id);
    assert.ok(px.ink > px.total * 0.02, `${id} has ink: ${JSON.stringify(px)}`);
    assert.ok(px.blue > 100, `${id} draws in the accent blue: ${JSON.stringify(px)}`);
  }
  assert.ok((await canvasPixels(page, 'chart-week')).green > 200, 'capacity is drawn in green');

  // Another week: the chart is redrawn with other data.
  const week1 = await canvasPixels(page, 'chart-week');
  await page.getByTestId('sim-week').fill('3');
  assert.equal(await text(page, 'sim-week-label'), '3 of 5');
  await page.waitForFunction((h) => {
    const c = document.querySelector('[data-testid=chart-week]');
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let hash = 0;
    for (let i = 0; i < data.length; i += 4) hash = (hash * 31 + data[i] + 3 * data[i + 1] + 7 * data[i + 2]) >>> 0;
    return hash !== h;
  }, week1.hash);

  // Monte Carlo: the band chart appears with the bands table.
  await fill(page, 'sim-trials', 60);
  await page.getByTestId('sim-run').click();
  await page.getByTestId('sim-bands').waitFor({ timeout: 30000 });
  await page.waitForFunction(() => document.querySelector('[data-testid=chart-band]')?.dataset.drawn === 'yes');
  const band = await canvasPixels(page, 'chart-band');
  assert.ok(band.ink > band.total * 0.02 && band.blue > 100, `the band is drawn: ${JSON.stringify(band)}`);
  const p10 = dollars(await text(page, 'sim-cost-p10'));
  const p90 = dollars(await text(page, 'sim-cost-p90'));
  assert.ok(p10 <= p90);

  // An edit makes the bands stale until Monte Carlo runs again.
  await page.getByTestId('traffic-shape').selectOption('evening_peak');
  await page.getByTestId('sim-bands-stale').waitFor();

  await page.getByTestId('chart-week').scrollIntoViewIfNeeded();
  await page.locator('.charts').screenshot({ path: join(shots, 'simulate-charts.png') });
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a CSV series replaces the modelled traffic until removed', async () => {
  const { page, ctx, problems } = await openSimulate();
  const monthly = await text(page, 'sim-monthly');
  // One day at 100 rps, then a day at 4,000 rps: repeated over the month.
  const start = Date.UTC(2026, 0, 5) / 1000;
  const csv = ['timestamp,requests_per_second', `${start},100`, `${start + 86400},4000`, `${start + 2 * 86400 - 60},4000`].join('\n');
  const file = join(tmpdir(), `series-${process.pid}.csv`);
  await writeFile(file, csv);
  await page.getByTestId('series-file').setInputFiles(file);
  await page.getByTestId('series-name').waitFor();
  assert.match(await text(page, 'series-name'), /2880 minutes/);
  const withSeries = await changed(page, 'sim-monthly', monthly);
  assert.notEqual(withSeries, monthly);

  await writeFile(file, 'timestamp,requests_per_second\nyesterday,5\n');
  await page.getByTestId('series-file').setInputFiles(file);
  await page.getByTestId('series-error').waitFor();
  assert.match(await text(page, 'series-error'), /line 2: "yesterday" is not a timestamp/);

  await page.getByTestId('series-remove').click();
  assert.equal(await changed(page, 'sim-monthly', withSeries), monthly);
  assert.deepEqual(problems, []);
  await ctx.close();
});
