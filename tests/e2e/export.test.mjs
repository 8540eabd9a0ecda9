// End-to-end tests of the exports that run in the web worker (crate
// skyplan-worker): the first page does not fetch the worker; Export
// Terraform and Export plan bundle give the CLI's files; a worker that
// cannot load is reported, not left pending. Same harness as
// planner.test.mjs (dist/ served on 127.0.0.1, Debian's Chromium).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { browser, base, served, resetServed } from './harness.mjs';

const skyplanBin = process.env.SKYPLAN_BIN;

async function openPlanner() {
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
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

const workerFiles = (paths) => paths.filter((p) => /skyplan-worker/.test(p));

async function download(page, testId, name) {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.getByTestId(testId).click()]);
  const path = join(tmpdir(), `${name}-${process.pid}-${file.suggestedFilename()}`);
  await file.saveAs(path);
  return { name: file.suggestedFilename(), path };
}

test('the first page does not fetch the worker; the first export does, once', async () => {
  const { page, ctx, problems } = await openPlanner();
  await page.getByTestId('show-simulate').click();
  await page.getByTestId('show-diagram').click();
  assert.deepEqual(workerFiles(served), [], `fetched before any export: ${served.join(', ')}`);
  const zip = await download(page, 'export-terraform', 'first');
  assert.equal(zip.name, 'saas-three-tier-terraform.zip');
  assert.deepEqual(workerFiles(served), ['/skyplan-worker.js', '/skyplan-worker_bg.wasm']);
  assert.equal(await page.getByTestId('export-terraform').textContent(), 'Export Terraform');
  // The second export reuses the worker.
  await download(page, 'export-bundle', 'second');
  assert.equal(workerFiles(served).length, 2);
  assert.deepEqual(problems, []);
  await ctx.close();
});

test('Export plan bundle gives the bundle `skyplan bundle` writes for the same plan and environment, and it verifies', async () => {
  assert.ok(skyplanBin, 'SKYPLAN_BIN must point to the skyplan binary');
  const { page, ctx, problems } = await openPlanner();
  const plan = await download(page, 'export', 'bundle-plan');
  for (const env of ['production', 'dev']) {
    await page.getByTestId(`env-tab-${env}`).click();
    const bundle = await download(page, 'export-bundle', `bundle-${env}`);
    assert.equal(bundle.name, `saas-three-tier-${env}.skyplan-bundle.json`);
    const verified = execFileSync(skyplanBin, ['bundle', 'verify', bundle.path], { encoding: 'utf8' });
    assert.match(verified, /valid bundle \(format_version 1/);
    assert.match(verified, new RegExp(`environment ${env}, region us-east-1`));
    const cliPath = join(tmpdir(), `cli-${env}-${process.pid}.skyplan-bundle.json`);
    execFileSync(skyplanBin, ['bundle', plan.path, '--env', env, '--out', cliPath], { encoding: 'utf8' });
    const [web, cli] = [JSON.parse(await readFile(bundle.path, 'utf8')), JSON.parse(await readFile(cliPath, 'utf8'))];
    assert.match(web.digest, /^sha256:[0-9a-f]{64}$/);
    assert.equal(web.digest, cli.digest);
    assert.ok((await readFile(bundle.path)).equals(await readFile(cliPath)), 'the same bytes as the CLI');
  }
  assert.deepEqual(problems, []);
  await ctx.close();
});

for (const file of ['skyplan-worker.js', 'skyplan-worker_bg.wasm']) {
  test(`a worker whose ${file} cannot be fetched is reported, and the export can be tried again`, async () => {
    const { page, ctx } = await openPlanner();
    await page.route(`**/${file}`, (route) => route.fulfill({ status: 503, body: 'unavailable' }));
    await page.getByTestId('export-terraform').click();
    await page.getByTestId('notice').waitFor({ timeout: 20000 });
    assert.match(await page.getByTestId('notice').textContent(), /^Terraform export failed: the export worker failed: /);
    assert.equal(await page.getByTestId('export-terraform').textContent(), 'Export Terraform');
    await page.unroute(`**/${file}`);
    const zip = await download(page, 'export-terraform', 'retry');
    assert.equal(zip.name, 'saas-three-tier-terraform.zip');
    await ctx.close();
  });
}
