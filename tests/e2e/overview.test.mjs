// The office overview in the real window: its counts and charts, a theme's bar
// that lands on the dataset list narrowed to that theme, the reminder of a
// dataset past its update date, and "import the new version" opening the
// wizard for that dataset. Screenshots in both languages.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, addUser } from './webdriver.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = resolve(here, '../fixtures/import');
const out = process.env.KAIFANG_TEST_OUT;
const scratch = join(process.env.KAIFANG_SCRATCH, 'overview');
mkdirSync(scratch, { recursive: true });
const workspace = join(scratch, 'workspace.sqlite3');
const cli = join(dirname(process.env.KAIFANG_APP), 'kaifang');
const kaifang = (...args) => execFileSync(cli, ['--workspace', workspace, '--as', '小王', ...args]).toString();
let app;

after(async () => {
  if (app) await app.quit();
});

/** A screenshot once animations are over and the frame is painted. */
async function shot(name) {
  await app.waitFor(() => app.script(`return !document.querySelector('[class*="-enter-active"], [class*="-leave-active"], .el-loading-mask, .el-skeleton')`), `${name} to settle`);
  await app.scriptAsync(`const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 300)))`);
  await app.screenshot(join(out, `${name}.png`));
}

const rowNames = () =>
  app.script(`return [...document.querySelectorAll('[data-testid="dataset-row"]')].map((r) => r.textContent.trim())`);

test('the overview counts the office; a bar opens the list narrowed to it; a dataset due is imported anew', async () => {
  addUser(cli, workspace, '小王', ['clerk']);
  const described = [
    ['subsidy_gbk.csv', '低保名单', 'social_security', 'monthly'],
    ['pipe.txt', '村代码表', 'social_security', 'yearly'],
    ['schools.ods', '学校名录', 'education', 'irregular'],
  ];
  for (const [i, [file, name, theme, frequency]] of described.entries()) {
    kaifang('import', join(fixtures, file), '--name', name);
    for (const [field, value] of [
      ['provider', '某某县民政局'],
      ['theme', theme],
      ['open_type', 'unconditional'],
      ['frequency', frequency],
    ]) {
      kaifang('meta', 'set', String(i + 1), field, value);
    }
  }
  // The monthly list came in three months ago: it is overdue.
  execFileSync('sqlite3', [workspace, "UPDATE dataset_versions SET imported_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-3 months') WHERE dataset_id = 1"]);

  app = await App.start(['--workspace', workspace]);
  await app.signIn('小王');
  // On the list, at start: the reminder names it, and its row says so.
  await app.waitText('[data-testid="due-reminder"]', '1 个数据集到期需要更新');
  assert.ok((await app.text('[data-testid="due-reminder-1"]')).includes('低保名单'));
  await app.el('[data-testid="overdue-badge"]');

  await app.clickUntil('[data-testid="nav-overview"]', '[data-testid="chart-theme-bar"]');
  await app.waitFor(async () => (await app.text('[data-testid="overview-total"]')).startsWith('3'), 'three datasets counted');
  assert.ok((await app.text('[data-testid="overview-overdue"]')).startsWith('1'));
  assert.equal(await app.script(`return document.querySelector('[data-testid="nav-overview"]').classList.contains('is-active')`), true, 'the navigation marks 概览');
  assert.ok((await app.text('[data-testid="overview-due-1"]')).includes('已逾期'));
  // Readiness by the index's groups: no licence anywhere, the monthly list stale.
  await app.waitText('[data-testid="readiness-check-missing_license"]', '3 个数据集');
  await app.el('[data-testid="readiness-check-stale"]');
  await shot('overview-zh-CN');

  // The 教育 bar: the list of that theme's datasets, the filter said in words.
  await app.script(`document.querySelector('[data-testid="chart-theme-bar"][data-key="education"]').click()`);
  await app.waitFor(async () => JSON.stringify(await rowNames()) === JSON.stringify(['学校名录']), 'the list narrowed to 教育');
  // The filter in words, its theme named as the form names it.
  await app.waitText('[data-testid="list-filter"]', '筛选：主题为“教育');
  await shot('overview-filtered-list');
  await app.script(`document.querySelector('[data-testid="list-filter"] .el-tag__close').click()`);
  await app.waitFor(async () => (await rowNames()).length === 3, 'the whole list again');

  // Importing the new version from the overview: the wizard is for that dataset.
  await app.clickUntil('[data-testid="nav-overview"]', '[data-testid="overview-import-1"]');
  await app.clickUntil('[data-testid="overview-import-1"]', '[data-testid="import-dialog"]');
  await app.waitText('[data-testid="wizard-into-target"]', '“低保名单”的新版本');
  await shot('overview-import-into');
  await app.script(`[...document.querySelectorAll('.el-dialog__headerbtn')].filter((b) => b.offsetParent !== null).pop()?.click()`);
  await app.dialogsClosed();

  // In English.
  await app.click('[data-testid="lang-switch"]');
  await app.waitText('[data-testid="page-title"]', 'Overview');
  await app.waitFor(async () => (await app.text('[data-testid="overview-due-1"]')).includes('overdue'), 'the English reminder');
  await shot('overview-en');
  // Back to Chinese: the choice is remembered for the next window (and test).
  await app.click('[data-testid="lang-switch"]');
  await app.waitText('[data-testid="page-title"]', '概览');
});
