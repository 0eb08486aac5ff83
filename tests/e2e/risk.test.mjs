// 重识别风险 in the real window: a subsidy list whose names are masked still
// singles people out on 性别 + 出生日期 + 家庭住址; the tab names the
// combinations, the suggested fix (coarser birth dates and addresses, then a few
// suppressed values) raises the smallest group to the office's k of 5, and the
// public rows shown under it change with it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, addUser } from './webdriver.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const list = resolve(here, '../fixtures/risk/临时救助名单.csv');
const out = process.env.KAIFANG_TEST_OUT;
const scratch = join(process.env.KAIFANG_SCRATCH, 'risk');
const workspace = join(scratch, 'workspace.sqlite3');
mkdirSync(scratch, { recursive: true });
const cli = join(dirname(process.env.KAIFANG_APP), 'kaifang');
const kaifang = (...args) => execFileSync(cli, ['--workspace', workspace, ...args]).toString();
let app;

after(async () => {
  if (app) await app.quit();
});

const tabState = () => app.script(`return document.querySelector('[data-testid="risk-tab"]')?.dataset.state ?? null`);
const cellText = (row, col) =>
  app.script(`return document.querySelector('[data-testid="risk-preview-${row}-${col}"]')?.textContent.trim() ?? null`);

test('a subsidy list shows its unique combinations, the suggested fix raises k to 5, and the preview changes', async () => {
  addUser(cli, workspace, '小王', ['clerk']);
  kaifang('--as', '小王', 'import', list, '--name', '临时救助名单');
  const before = JSON.parse(kaifang('risk', '1', '--json'));
  assert.equal(before.k, 1, 'measured from outside first: people stand alone');

  app = await App.start(['--workspace', workspace]);
  await app.signIn('小王');
  await app.click('[data-testid="dataset-row"]');
  await app.el('[data-testid="status-chip"]');
  await app.click('[data-testid="tab-risk"]');
  await app.waitFor(async () => (await tabState()) === 'below', 'the risk measured');

  // The figures and the combinations that single people out.
  assert.equal(await app.text('[data-testid="risk-k"]'), '1 人');
  const combos = await app.script(
    `return [...document.querySelectorAll('[data-testid^="risk-combo-"]')].map((e) => e.textContent.trim())`,
  );
  assert.ok(
    combos.some((c) => /\d+ 条记录在 性别 \+ 出生日期 \+ 家庭住址 上是唯一的/.test(c)),
    `the three together single people out: ${combos}`,
  );
  // The published rows: the year of birth (the default generalisation) and the township.
  assert.equal(await cellText(0, 1), '1963');
  assert.equal(await cellText(0, 2), '某某县河口乡');
  // The suggested fix, with what each step costs.
  const steps = await app.script(`return [...document.querySelectorAll('[data-testid^="risk-step-"]')].map((e) => e.textContent.trim())`);
  assert.ok(steps.includes('泛化：每 10 年一段'), `birth dates in decades: ${steps}`);
  assert.ok(steps.some((s) => s.startsWith('抑制')), `then a few values suppressed: ${steps}`);
  await app.waitFor(() => app.script(`return !document.querySelector('[class*="-enter-active"]')`), 'the tab settled');
  await app.screenshot(join(out, 'risk-before.png'));

  // One click: k reaches the office's 5, and the public rows change.
  await app.click('[data-testid="risk-apply"]');
  await app.waitFor(async () => (await tabState()) === 'ok', 'the fix taken');
  const k = Number(await app.script(`return document.querySelector('[data-testid="risk-k"]').dataset.k`));
  assert.ok(k >= 5, `the smallest group now has ${k} people`);
  assert.equal(await cellText(0, 1), '1960-1969', 'the birth date as a decade');
  assert.equal(await cellText(0, 2), '某某县', 'the address to the county');
  await app.el('[data-testid="risk-undo"]');
  await app.dialogsClosed();
  await app.screenshot(join(out, 'risk-after.png'));

  // The fix is the workspace's policy: the CLI and the public copy agree.
  const after = JSON.parse(kaifang('risk', '1', '--json'));
  assert.equal(after.k, k);
  assert.equal(after.at_risk, 0);
  const publicCsv = join(scratch, 'public.csv');
  kaifang('export', '1', '--format', 'csv', '--out', publicCsv);
  const first = readFileSync(publicCsv, 'utf8').split('\n')[1];
  assert.match(first, /,女,1960-1969,某某县,620/, first);
  const audit = kaifang('audit', 'log', '--json');
  assert.match(audit, /risk\.fixed/, 'the fix is in the audit log');
});

test('a statistics table hides its small cell and the cells that would give it away, with the ranges as proof', async () => {
  const table = join(scratch, '各村救助人次.csv');
  writeFileSync(table, '村,A类,B类,C类,合计\n东村,10,2,8,20\n西村,7,9,6,22\n南村,5,4,11,20\n合计,22,15,25,62\n');
  kaifang('--as', '小王', 'import', '--totals-as-data', table, '--name', '各村救助人次');
  await app.click('[data-testid="nav-datasets"]');
  await app.waitFor(
    () => app.script(`return [...document.querySelectorAll('[data-testid="dataset-row"]')].some((r) => r.textContent.includes('各村救助人次'))`),
    'the table in the list',
  );
  await app.script(`[...document.querySelectorAll('[data-testid="dataset-row"]')].find((r) => r.textContent.includes('各村救助人次')).click()`);
  await app.waitFor(
    () => app.script(`return document.querySelector('[data-testid="dataset-title"]')?.textContent.includes('各村救助人次')`),
    'the table opened',
  );
  await app.click('[data-testid="tab-risk"]');
  await app.waitFor(() => app.script(`return document.querySelector('[data-testid="risk-table"]')?.dataset.state === 'protected'`), 'the preview');
  assert.equal(await app.text('[data-testid="risk-table-primary"]'), '人数过少：东村 / B类');
  assert.match(await app.text('[data-testid="risk-table-secondary"]'), /东村 \/ C类、南村 \/ B类、南村 \/ C类/);
  await app.screenshot(join(out, 'risk-table.png'));
  await app.click('[data-testid="risk-table-apply"]');
  await app.waitFor(() => {
    const p = join(scratch, 'table.csv');
    kaifang('export', '2', '--format', 'csv', '--out', p);
    return readFileSync(p, 'utf8').includes('东村,10,*,*,20');
  }, 'the suppression kept');
});
