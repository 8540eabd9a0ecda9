// End-to-end tests of the Audit view in Debian's Chromium (playwright-core,
// never a downloaded browser), against the trunk-built dist/ served on
// 127.0.0.1: the JSON report of `skyplan audit` (fixtures/audit-report.json,
// skyplan-audit's golden report) opened from a file, its totals, findings,
// chart and partial results; a report of a newer format refused with the
// reader's message while the report shown stays. Screenshot in
// tests/e2e/screenshots/audit.png.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browser, base } from './harness.mjs';

const shots = join(process.cwd(), 'screenshots');

before(() => mkdir(shots, { recursive: true }));
const fixture = join(process.cwd(), 'fixtures', 'audit-report.json');

/** A fresh browser profile on the Audit view; console watched for panics. */
async function openAudit() {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await ctx.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (/panicked|RuntimeError|unreachable/.test(m.text())) problems.push(`console: ${m.text()}`); });
  await page.goto(base);
  await page.getByTestId('total-monthly').waitFor({ timeout: 20000 });
  await page.getByTestId('show-audit').click();
  await page.getByTestId('audit-view').waitFor();
  return { page, ctx, problems };
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

/** `1234.567` → `$1,234.57`, as the views print money. */
const dollars = (value) => `$${Number(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

test('an audit report opens in the Audit view: totals, findings sorted by saving, chart, commitments, missing prices and partial results', async () => {
  const report = JSON.parse(await readFile(fixture, 'utf8'));
  const { page, ctx, problems } = await openAudit();
  assert.match(await page.getByTestId('audit-status').textContent(), /No audit report open/);
  await page.getByTestId('audit-open').setInputFiles(fixture);
  await page.getByTestId('audit-potential-monthly').waitFor();

  const t = report.totals;
  assert.equal(await page.getByTestId('audit-potential-monthly').textContent(), dollars(t.potential_monthly_saving));
  assert.equal(await page.getByTestId('audit-potential-monthly').textContent(), '$448.41');
  assert.equal(await page.getByTestId('audit-potential-yearly').textContent(), '$5,380.89', '448.4077… × 12');
  assert.equal(await page.getByTestId('audit-findings-total').textContent(), dollars(t.findings_monthly_saving));
  assert.equal(await page.getByTestId('audit-findings-count').textContent(), String(report.findings.length));
  assert.equal(await page.getByTestId('audit-regions').textContent(), `${report.regions.length} regions`);
  assert.match(await page.getByTestId('audit-scan-time').textContent(), /^2026-11-24 12:00 UTC · us-east-1, eu-west-1, sa-east-1$/);

  // One row per finding, the largest saving first, the unpriced ones last.
  const rows = page.getByTestId('audit-finding-row');
  assert.equal(await rows.count(), report.findings.length);
  const savings = await page.getByTestId('audit-finding-saving').allTextContents();
  const priced = report.findings.filter((f) => f.monthly_saving !== null).map((f) => Number(f.monthly_saving)).sort((a, b) => b - a);
  assert.deepEqual(savings, [...priced.map(dollars), ...Array(t.unpriced_findings).fill('unpriced')]);
  assert.match(await rows.first().textContent(), /db-idle.*us-east-1.*idle database.*at most 0 connections.*\$132\.24.*\$132\.24.*final snapshot/);
  await page.getByTestId('audit-sort-saving').click();
  assert.equal(await page.getByTestId('audit-finding-saving').first().textContent(), dollars(priced.at(-1)), 'ascending: the smallest saving first');
  await page.getByTestId('audit-sort-saving').click();

  // The chart is drawn, with one bar per kind and the commitments.
  await page.waitForSelector('[data-testid=audit-chart][data-drawn=yes]');
  assert.ok(await inkedPixels(page, 'audit-chart') > 5000, 'the savings chart has ink');

  // Commitments, missing prices and the scan errors (partial results).
  assert.equal(await page.getByTestId('audit-commitment-row').count(), report.recommendations.length);
  const commitment = await page.getByTestId('audit-commitment-row').first().textContent();
  assert.match(commitment, /2 × m5\.large.*i-busy1, i-busy2.*Reserved standard 3 yr all_upfront × 2.*\$1,898\.00.*\$87\.44 \(62\.4 %\).*\$1,049\.25.*month 14/);
  const missing = await page.getByTestId('audit-missing-prices').textContent();
  for (const name of report.missing_prices) assert.ok(missing.includes(name), `missing price named: ${name}`);
  assert.equal(await page.getByTestId('audit-scan-error').count(), report.errors.length);
  assert.match(await page.getByTestId('audit-scan-errors').textContent(), /Partial results.*eu-west-1 · rds DescribeDBInstances: access denied.*rds:DescribeDBInstances/);

  await screenshotView(page, 'audit.png');

  // Opening the report is no edit of the plan.
  assert.equal(await page.getByTestId('undo').isDisabled(), true);

  // Another tab and back, then a reload: the report is still shown.
  await page.getByTestId('show-budget').click();
  await page.getByTestId('show-audit').click();
  assert.equal(await page.getByTestId('audit-potential-monthly').textContent(), '$448.41');
  await page.reload();
  await page.getByTestId('total-monthly').waitFor({ timeout: 20000 });
  await page.getByTestId('show-audit').click();
  assert.equal(await page.getByTestId('audit-potential-monthly').textContent(), '$448.41', 'kept in local storage');
  await page.waitForSelector('[data-testid=audit-chart][data-drawn=yes]');

  // Printing: the report alone, without the file controls.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.topbar').isVisible(), false);
  assert.equal(await page.getByTestId('audit-open-button').isVisible(), false);
  assert.equal(await page.getByTestId('audit-findings').isVisible(), true);
  assert.equal(await page.getByTestId('audit-chart').isVisible(), true);
  await page.emulateMedia({ media: 'screen' });

  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a report of a newer format, or a wrong field, is refused with its message and the report shown stays', async () => {
  const report = JSON.parse(await readFile(fixture, 'utf8'));
  const { page, ctx, problems } = await openAudit();
  await page.getByTestId('audit-open').setInputFiles(fixture);
  await page.getByTestId('audit-potential-monthly').waitFor();

  const newer = join(tmpdir(), 'skyplan-audit-newer.json');
  await writeFile(newer, JSON.stringify({ ...report, format_version: 2 }));
  await page.getByTestId('audit-open').setInputFiles(newer);
  await page.getByTestId('audit-error').waitFor();
  assert.equal(
    await page.getByTestId('audit-error').locator('span').textContent(),
    'skyplan-audit-newer.json was not opened: audit report format_version 2 is newer than this skyplan reads (1); open it with a newer skyplan. The report shown is still audit-report.json.',
  );
  assert.equal(await page.getByTestId('audit-potential-monthly').textContent(), '$448.41');
  assert.equal(await page.getByTestId('audit-finding-row').count(), report.findings.length);

  // A bad value: the path, the value and what was expected.
  const bad = join(tmpdir(), 'skyplan-audit-bad.json');
  const broken = structuredClone(report);
  broken.findings[2].monthly_saving = 'eight';
  await writeFile(bad, JSON.stringify(broken));
  await page.getByTestId('audit-open').setInputFiles(bad);
  await page.waitForFunction(() => document.querySelector('[data-testid=audit-error]')?.textContent.includes('skyplan-audit-bad.json'));
  const message = await page.getByTestId('audit-error').locator('span').textContent();
  assert.match(message, /^skyplan-audit-bad\.json was not opened: not an audit report: at findings\[2\]\.monthly_saving: .*eight/);
  assert.equal(await page.getByTestId('audit-potential-monthly').textContent(), '$448.41');

  // The refused file was not kept: a reload shows the report opened before.
  await page.reload();
  await page.getByTestId('total-monthly').waitFor({ timeout: 20000 });
  await page.getByTestId('show-audit').click();
  assert.equal(await page.getByTestId('audit-potential-monthly').textContent(), '$448.41');

  assert.deepEqual(problems, []);
  await ctx.close();
});
