// End-to-end tests of the planner in Debian's Chromium (playwright-core,
// never a downloaded browser), against the trunk-built dist/ served on
// 127.0.0.1. Screenshots of the main views go to tests/e2e/screenshots/.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browser, base, dist } from './harness.mjs';

const skyplanBin = process.env.SKYPLAN_BIN;
const shots = join(process.cwd(), 'screenshots');

before(() => mkdir(shots, { recursive: true }));

/** A fresh browser profile (empty localStorage) on the planner; console watched for panics. */
async function openPlanner(url = base, context = null) {
  const ctx = context ?? (await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true }));
  const page = await ctx.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (/panicked|RuntimeError|unreachable/.test(m.text())) problems.push(`console: ${m.text()}`); });
  await page.goto(url);
  await page.getByTestId('total-monthly').waitFor({ timeout: 20000 });
  return { page, ctx, problems };
}

const total = (page) => page.getByTestId('total-monthly').textContent();
const dollars = (text) => Number(text.replace(/[$,]/g, ''));

async function waitForTotal(page, previous) {
  await page.waitForFunction((prev) => document.querySelector('[data-testid=total-monthly]')?.textContent !== prev, previous, { timeout: 10000 });
  return total(page);
}

/** The CLI's production total for a plan file, to the cent. */
function cliProductionTotal(planPath) {
  assert.ok(skyplanBin, 'SKYPLAN_BIN must point to the skyplan binary');
  const out = execFileSync(skyplanBin, ['estimate', planPath, '--env', 'production', '--format', 'json'], { encoding: 'utf8' });
  return Math.round(Number(JSON.parse(out).monthly) * 100) / 100;
}

async function setField(page, key, value) {
  const field = page.getByTestId(`field-${key}`);
  if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
  else { await field.fill(String(value)); await field.press('Enter'); await field.blur(); }
}

async function exportPlan(page, name) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
  const path = join(tmpdir(), `${name}-${process.pid}.json`);
  await download.saveAs(path);
  return path;
}

test('opens on saas-3tier production with the hand-checked total, drawn in lanes', async () => {
  const { page, ctx, problems } = await openPlanner();
  assert.equal(await page.getByTestId('plan-name').textContent(), 'SaaS three-tier');
  assert.equal(await total(page), '$2,498.46'); // the golden test's hand computation
  assert.equal(await page.getByTestId('total-annual').textContent(), '$29,981.51');
  assert.equal(await page.getByTestId('card-cost-db').textContent(), '$859.25/mo');
  assert.match(await page.getByTestId('card-web').textContent(), /t3\.medium × 2–10/);
  assert.equal(await page.getByTestId('vpc-box').count(), 1);
  // Fits a 1366 × 768 laptop screen: the diagram scrolls inside its pane, the page never sideways.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no horizontal page scroll at 1366 × 768');
  // Every control is labelled for screen readers.
  const unlabelled = await page.evaluate(() => [...document.querySelectorAll('button, select, input:not([type=hidden]), textarea')]
    .filter((el) => !el.classList.contains('hidden'))
    .filter((el) => !(el.getAttribute('aria-label') || el.textContent.trim() || el.labels?.length || el.closest('label')))
    .map((el) => el.outerHTML.slice(0, 80)));
  assert.deepEqual(unlabelled, []);
  await page.screenshot({ path: join(shots, 'planner.png') });
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a new user edits, compares with the CLI, undoes, redoes, reloads, exports, re-imports and shares', async () => {
  const { page, ctx, problems } = await openPlanner();
  await page.getByTestId('open-gallery').click();
  await page.screenshot({ path: join(shots, 'gallery.png') });
  await page.getByTestId('template-saas-3tier').click();
  const start = await total(page);
  assert.equal(start, '$2,498.46');

  await page.getByTestId('card-db').click();
  await setField(page, 'read_replicas', 1);
  const withReplica = await waitForTotal(page, start);
  await page.getByTestId('card-web').click();
  await setField(page, 'instance_type', 't3.large');
  const edited = await waitForTotal(page, withReplica);
  await page.screenshot({ path: join(shots, 'properties.png') });

  // The same plan through the CLI: the same total, so the same change.
  const exported = await exportPlan(page, 'edited');
  assert.equal(dollars(edited), cliProductionTotal(exported));
  const template = join(tmpdir(), `template-${process.pid}.json`);
  await writeFile(template, execFileSync(skyplanBin, ['template', 'show', 'saas-3tier'], { encoding: 'utf8' }));
  assert.equal(Math.round((dollars(edited) - dollars(start)) * 100), Math.round((cliProductionTotal(exported) - cliProductionTotal(template)) * 100));

  await page.getByTestId('undo').click();
  assert.equal(await waitForTotal(page, edited), withReplica);
  await page.keyboard.press('Control+z');
  assert.equal(await waitForTotal(page, withReplica), start);
  await page.keyboard.press('Control+Shift+Z');
  assert.equal(await waitForTotal(page, start), withReplica);
  await page.getByTestId('redo').click();
  assert.equal(await waitForTotal(page, withReplica), edited);

  // Autosave: a reload finds the plan intact.
  await page.reload();
  await page.getByTestId('total-monthly').waitFor();
  assert.equal(await total(page), edited);
  assert.match(await page.getByTestId('card-web').textContent(), /t3\.large/);

  // Export, change, re-import: back to the exported plan, byte for byte.
  await page.getByTestId('card-web').click();
  await setField(page, 'instance_type', 't3.small');
  await waitForTotal(page, edited);
  await page.getByTestId('import-file').setInputFiles(exported);
  assert.equal(await waitForTotal(page, '$0'), edited);
  const again = await exportPlan(page, 'again');
  assert.equal(await readFile(again, 'utf8'), await readFile(exported, 'utf8'));

  // Share link in a fresh browser context (no localStorage): the same total.
  await page.getByTestId('share').click();
  const url = await page.getByTestId('share-url').inputValue();
  assert.match(url, /#plan=[A-Za-z0-9_-]+$/);
  const fresh = await openPlanner(url);
  assert.equal(await total(fresh.page), edited);
  assert.match(await fresh.page.getByTestId('card-web').textContent(), /t3\.large/);
  assert.deepEqual([...problems, ...fresh.problems], []);
  await fresh.ctx.close();
  await ctx.close();
});

test('an invalid edit shows the core message by the field and changes nothing', async () => {
  const { page, ctx, problems } = await openPlanner();
  await page.getByTestId('card-web').click();
  await setField(page, 'min', 50);
  const error = page.getByTestId('error-min');
  await error.waitFor();
  assert.match(await error.textContent(), /components\[4\]\.min: 50 is greater than max \(10\)/);
  assert.equal(await total(page), '$2,498.46');
  assert.equal(await page.getByTestId('undo').isDisabled(), true);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('an invalid plan file is refused with its problems and the current plan kept', async () => {
  const { page, ctx } = await openPlanner();
  const bad = join(tmpdir(), `bad-${process.pid}.json`);
  await writeFile(bad, JSON.stringify({ format_version: 1, name: 'x', region: 'us-east-9', components: [], connections: [], environments: [] }));
  await page.getByTestId('import-file').setInputFiles(bad);
  const problems = page.getByTestId('import-problems');
  await problems.waitFor();
  assert.match(await problems.textContent(), /region: "us-east-9" is not a region/);
  assert.match(await problems.textContent(), /environments: is empty/);
  await page.keyboard.press('Escape');
  assert.equal(await page.getByTestId('dialog').count(), 0);
  assert.equal(await page.getByTestId('plan-name').textContent(), 'SaaS three-tier');
  await ctx.close();
});

test('environments: part-time dev, overrides, diff and promote', async () => {
  const { page, ctx, problems } = await openPlanner();
  await page.getByTestId('env-tab-dev').click();
  assert.equal(await waitForTotal(page, '$2,498.46'), '$210.13');
  await page.getByTestId('card-web').click();
  // dev overrides the web tier's instance type: the form says so.
  assert.equal(await page.locator('.field.override').filter({ hasText: 'Instance type' }).count(), 1);

  await page.getByTestId('env-tab-staging').click();
  const staging = await waitForTotal(page, '$210.13');
  await page.getByTestId('open-diff').click();
  await page.getByTestId('diff-a').selectOption('production');
  await page.getByTestId('diff-b').selectOption('staging');
  assert.match(await page.getByTestId('diff-table').textContent(), /db\.r5\.large/);
  await page.screenshot({ path: join(shots, 'diff.png') });
  await page.getByTestId('promote').click();
  await page.getByTestId('diff-empty').waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await waitForTotal(page, staging), '$2,498.46', 'staging now runs production settings');
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('cards: add from the palette, drag to another lane, connect, delete', async () => {
  const { page, ctx, problems } = await openPlanner();
  await page.getByTestId('add-elasticache').click();
  const card = page.getByTestId('card-elasticache');
  await card.waitFor();
  assert.notEqual(await waitForTotal(page, '$2,498.46'), '$2,498.46');

  // Drag the web Auto Scaling group into the application lane.
  const web = await page.getByTestId('card-web').boundingBox();
  const app = await page.getByTestId('lane-app').boundingBox();
  await page.mouse.move(web.x + 60, web.y + 30);
  await page.mouse.down();
  await page.mouse.move(web.x + 70, web.y + 80, { steps: 5 });
  await page.mouse.move(web.x + 300, app.y + app.height / 2, { steps: 10 });
  await page.mouse.up();
  const moved = await page.getByTestId('card-web').boundingBox();
  assert.ok(moved.y > web.y + 50, `web card moved down a lane (from ${web.y} to ${moved.y})`);

  // Connect the new cache to the web tier, then delete the cache: the connection goes too.
  await card.click();
  await page.getByTestId('connect').click();
  await page.getByTestId('card-web').click();
  await page.getByTestId('connection-elasticache-web').waitFor();
  await card.click();
  await page.keyboard.press('Delete');
  await page.getByTestId('card-elasticache').waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('connection-elasticache-web').count(), 0);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('switching region reprices, names missing prices, and flags what is not offered', async () => {
  const { page, ctx, problems } = await openPlanner();
  await page.getByTestId('region-select').selectOption('us-east-2');
  await page.getByTestId('missing-prices').waitFor({ timeout: 20000 });
  assert.match(await page.getByTestId('missing-prices').textContent(), /alb\.hour in us-east-2/);
  assert.notEqual(await total(page), '$2,498.46');
  await page.getByTestId('region-select').selectOption('us-east-1');
  await page.getByTestId('card-web').click();
  await setField(page, 'instance_type', 'c7a.large');
  await waitForTotal(page, '$2,498.46');
  await page.getByTestId('region-select').selectOption('ap-southeast-1');
  await page.waitForFunction(() => document.querySelector('[data-testid=card-web]')?.classList.contains('flagged'), null, { timeout: 20000 });
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('in every bundled region, an unpriced component shows "no price" and totals "at least", never $0.00', async () => {
  const { page, ctx, problems } = await openPlanner();
  const regions = await page.getByTestId('region-select').locator('option').evaluateAll((os) => os.map((o) => [o.value, o.textContent]));
  assert.ok(regions.length >= 25, `${regions.length} regions in the picker`);
  // The picker dates every region before its catalog is fetched.
  for (const [code, label] of regions) assert.match(label, new RegExp(`^${code} · .+ · prices of 20\\d\\d-\\d\\d`), label);
  let unpricedSeen = 0;
  for (const [region] of regions) {
    await page.getByTestId('region-select').selectOption(region);
    // The plan's disaster-recovery region cannot be its own region: that edit is refused.
    await page.waitForFunction((r) => document.querySelector('[data-testid=price-dates] summary')?.textContent.includes(`(${r})`)
      || /own region/.test(document.querySelector('[data-testid=notice]')?.textContent ?? ''), region, { timeout: 20000 });
    if (/own region/.test((await page.getByTestId('notice').count()) ? await page.getByTestId('notice').textContent() : '')) {
      await page.getByTestId('notice').locator('button').first().click().catch(() => {});
      continue;
    }
    const shown = await page.evaluate(() => {
      const rows = [...document.querySelectorAll('[data-testid^=component-row-]')].map((row) => ({
        id: row.dataset.testid.replace('component-row-', ''),
        missing: !!row.querySelector('.badge.warn'),
        cost: row.querySelector('[data-testid^=component-cost-]').textContent,
        card: document.querySelector(`[data-testid=card-cost-${row.dataset.testid.replace('component-row-', '')}]`)?.textContent ?? null,
      }));
      const text = (id) => document.querySelector(`[data-testid=${id}]`)?.textContent ?? '';
      const tiers = [...document.querySelectorAll('[data-testid^=tier-cost-]')].map((t) => t.textContent);
      return { rows, tiers, total: text('total-monthly'), all: text('all-environments-monthly'), missing: !!document.querySelector('[data-testid=missing-prices]') };
    });
    for (const row of shown.rows) {
      if (row.missing) {
        unpricedSeen += 1;
        assert.match(row.cost, new RegExp(`^(at least \\$[\\d,]+\\.\\d\\d|no price in ${region})$`), `${region} ${row.id}: ${row.cost}`);
        // The VPC is drawn as the box around the others, not as a card.
        assert.ok(row.card === null || row.card === `${row.cost}/mo` || row.card === row.cost, `${region} card ${row.id}: ${row.card} vs ${row.cost}`);
      } else {
        assert.match(row.cost, /^\$[\d,]+\.\d\d$/, `${region} ${row.id}: ${row.cost}`);
      }
      assert.ok(!(row.missing && /\$0\.00/.test(row.card ?? '')), `${region} ${row.id} card shows $0.00 though unpriced`);
    }
    if (shown.missing) {
      assert.match(shown.total, /^(at least \$|no price in )/, `${region} total ${shown.total}`);
      assert.match(shown.all, /^(at least \$|no price in )/, `${region} all environments ${shown.all}`);
    } else {
      assert.match(shown.total, /^\$/, `${region} total ${shown.total}`);
    }
  }
  assert.ok(unpricedSeen > 0, 'no region lacked a price: nothing was checked');
  await page.getByTestId('price-dates').locator('summary').click();
  assert.match(await page.getByTestId('price-dates').textContent(), /EC2 Spot Advisor\d{4}-\d\d-\d\d/);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('your own catalogs (a ZIP from pricing update) price the plan, survive a reload, and can be removed', async () => {
  const { page, ctx, problems } = await openPlanner();
  const dir = join(tmpdir(), `user-prices-${process.pid}`);
  await mkdir(dir, { recursive: true });
  const bundled = JSON.parse(await readFile(join(dist, 'pricing-data', 'us-east-1.json'), 'utf8'));
  bundled.ec2['t3.medium'].on_demand_hourly = '0.0500';
  bundled.version = '20261130180000';
  bundled.data_dates = { 'ec2.on_demand': { oldest: '2026-11-30', newest: '2026-11-30', undated: false } };
  await writeFile(join(dir, 'us-east-1.json'), JSON.stringify(bundled));
  await writeFile(join(dir, 'eu-west-1.json'), '{ "format_version": 1');
  const zip = join(dir, 'prices.zip');
  execFileSync('python3', ['-c', `import zipfile,sys; z=zipfile.ZipFile(sys.argv[1],'w',zipfile.ZIP_DEFLATED); z.write(sys.argv[2],'prices/us-east-1.json'); z.writestr('prices/.downloads/x.csv','FormatVersion'); z.close()`, zip, join(dir, 'us-east-1.json')]);

  await page.getByTestId('open-prices').click();
  // A file that is not a catalog: named, and nothing kept.
  await page.getByTestId('prices-files').setInputFiles([join(dir, 'eu-west-1.json')]);
  await page.getByTestId('prices-message').waitFor();
  assert.match(await page.getByTestId('prices-message').textContent(), /eu-west-1\.json is not a skyplan catalog/);
  assert.equal(await total(page), '$2,498.46');

  await page.getByTestId('prices-files').setInputFiles([zip]);
  await page.waitForFunction(() => /Kept 1 catalog/.test(document.querySelector('[data-testid=prices-message]')?.textContent ?? ''), null, { timeout: 10000 });
  const changed = await waitForTotal(page, '$2,498.46');
  assert.notEqual(changed, '$2,498.46');
  assert.match(await page.getByTestId('region-select').locator('option[value="us-east-1"]').textContent(), /your prices of 2026-11-30/);
  assert.match(await page.getByTestId('prices-status').textContent(), /us-east-1: prices of 2026-11-30/);
  await page.getByTestId('dialog').getByLabel('Close').click();

  // Kept by the browser: a reload prices with them again.
  await page.reload();
  await page.waitForFunction((t) => document.querySelector('[data-testid=total-monthly]')?.textContent === t, changed, { timeout: 20000 });
  await page.getByTestId('open-prices').click();
  await page.getByTestId('remove-prices').click();
  await waitForTotal(page, changed);
  assert.equal(await total(page), '$2,498.46');
  assert.doesNotMatch(await page.getByTestId('region-select').locator('option[value="us-east-1"]').textContent(), /your prices/);

  // The folder pricing update wrote, chosen as a folder: its downloads are passed over.
  const folder = join(dir, 'my-prices');
  await mkdir(join(folder, '.downloads'), { recursive: true });
  await writeFile(join(folder, 'us-east-1.json'), JSON.stringify(bundled));
  await writeFile(join(folder, '.downloads', 'index.csv'), 'FormatVersion,v1.0');
  await page.getByTestId('prices-folder').setInputFiles(folder);
  await page.waitForFunction(() => /Kept 1 catalog\(s\): us-east-1/.test(document.querySelector('[data-testid=prices-message]')?.textContent ?? ''), null, { timeout: 10000 });
  assert.equal(await waitForTotal(page, '$2,498.46'), changed);
  assert.match(await page.getByTestId('prices-status').textContent(), /from my-prices/);
  await page.getByTestId('remove-prices').click();
  await waitForTotal(page, changed);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a catalog that fails to load is reported, not hidden', async () => {
  const { page, ctx } = await openPlanner();
  await page.route('**/pricing-data/us-west-2.json', (route) => route.fulfill({ status: 503, body: 'unavailable' }));
  await page.getByTestId('region-select').selectOption('us-west-2');
  await page.waitForFunction(() => /could not be loaded/.test(document.querySelector('[data-testid=catalog-status]')?.textContent ?? ''), null, { timeout: 20000 });
  assert.match(await page.getByTestId('catalog-status').textContent(), /us-west-2 prices could not be loaded: .*HTTP 503/);
  await ctx.close();
});

test('Export Terraform downloads the same tree the CLI writes', async () => {
  const { page, ctx, problems } = await openPlanner();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-terraform').click()]);
  assert.equal(download.suggestedFilename(), 'saas-three-tier-terraform.zip');
  const zip = join(tmpdir(), `tf-${process.pid}.zip`);
  await download.saveAs(zip);
  const plan = await exportPlan(page, 'tf-plan');
  const out = join(tmpdir(), `tf-cli-${process.pid}`);
  execFileSync(skyplanBin, ['export', 'terraform', plan, '--out', out, '--force']);
  const compare = `
import os, sys, zipfile
zip_path, root = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(zip_path) as z:
    zipped = {n.split('/', 1)[1]: z.read(n) for n in z.namelist()}
written = {}
for base, _, names in os.walk(root):
    for n in names:
        p = os.path.join(base, n)
        written[os.path.relpath(p, root)] = open(p, 'rb').read()
assert zipped.keys() == written.keys(), sorted(set(zipped) ^ set(written))
assert all(zipped[k] == written[k] for k in zipped), [k for k in zipped if zipped[k] != written[k]]
print(len(zipped))
`;
  const count = Number(execFileSync('python3', ['-c', compare, zip, out], { encoding: 'utf8' }).trim());
  assert.ok(count > 40, `${count} files`);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('a blank plan from the gallery starts empty and prices what is added', async () => {
  const { page, ctx, problems } = await openPlanner();
  await page.getByTestId('open-gallery').click();
  await page.getByTestId('template-blank').click();
  await page.waitForFunction(() => document.querySelector('[data-testid=plan-name]').textContent === 'Untitled plan');
  assert.equal(await total(page), '$0.00');
  await page.getByTestId('add-asg').click();
  assert.equal(await waitForTotal(page, '$0.00'), '$9.19'); // t3.micro 730 h × 0.0104 + 20 GB gp3 × 0.08
  await page.reload();
  await page.getByTestId('card-asg').waitFor();
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('EKS node groups are edited as a form with catalog instance types', async () => {
  const { page, ctx, problems } = await openPlanner();
  await page.getByTestId('card-platform').click();
  const desired = page.getByTestId('node-group-0-desired');
  await desired.fill('4');
  await desired.press('Enter');
  await desired.blur();
  // One more m5.large on-demand node: 730 h × 0.096 + 50 GB gp3 × 0.08 = 74.08.
  assert.equal(await waitForTotal(page, '$2,498.46'), '$2,572.54');
  await page.getByTestId('node-group-1-add-type').selectOption('c5.large');
  await page.waitForFunction(() => /c5\.large/.test(document.querySelector('[data-testid=node-groups]')?.textContent ?? ''));
  const min = page.getByTestId('node-group-0-min');
  await min.fill('9');
  await min.press('Enter');
  await min.blur();
  const error = page.getByTestId('error-node_groups');
  await error.waitFor();
  assert.match(await error.textContent(), /node_groups\[0\]\.min: 9 is greater than max|node_groups\[0\]\.desired: 4 is outside min\.\.max/);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('Simulate runs the environment against its traffic and matches the CLI for the same seed', async () => {
  const { page, ctx, problems } = await openPlanner();
  await page.getByTestId('show-simulate').click();
  await page.getByTestId('sim-trials').fill('60');
  await page.getByTestId('sim-trials').press('Enter');
  await page.getByTestId('sim-seed').fill('7');
  await page.getByTestId('sim-seed').press('Enter');
  await page.getByTestId('sim-run').click();
  await page.getByTestId('sim-bands').waitFor({ timeout: 30000 });
  await page.screenshot({ path: join(shots, 'simulate.png') });

  const plan = await exportPlan(page, 'sim-plan');
  const cli = JSON.parse(execFileSync(skyplanBin, ['simulate', plan, '--env', 'production', '--period', 'month', '--trials', '60', '--seed', '7', '--format', 'json'], { encoding: 'utf8' }));
  const cents = (v) => `$${Number(v).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  assert.equal(await page.getByTestId('sim-monthly').textContent(), cents(cli.simulation.totals.monthly_cost));
  assert.equal(await page.getByTestId('sim-cost-p50').textContent(), cents(cli.monte_carlo.monthly_cost.p50));
  assert.equal(await page.getByTestId('sim-overload-p50').textContent(), String(cli.monte_carlo.overload_minutes.p50));
  const p10 = dollars(await page.getByTestId('sim-cost-p10').textContent());
  const p90 = dollars(await page.getByTestId('sim-cost-p90').textContent());
  assert.ok(p10 <= dollars(await page.getByTestId('sim-cost-p50').textContent()) && dollars(await page.getByTestId('sim-cost-p50').textContent()) <= p90);
  assert.equal(await page.getByTestId('sim-group-web').count(), 1);
  assert.deepEqual(problems, []);
  await ctx.close();
});
