// Cleaning in the real window: a date column chosen on the data tab is unified
// (previewed first), undone with Ctrl+Z and redone with Ctrl+Shift+Z; two more
// steps are added and the middle one removed; after a restart the grid and the
// history show the same state, and the command line agrees.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, addUser } from './webdriver.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = process.env.KAIFANG_TEST_OUT;
const scratch = join(process.env.KAIFANG_SCRATCH, 'clean');
const workspace = join(scratch, 'workspace.sqlite3');
mkdirSync(scratch, { recursive: true });
const cli = join(dirname(process.env.KAIFANG_APP), 'kaifang');
const kaifang = (...args) => execFileSync(cli, ['--workspace', workspace, ...args]).toString();
let app;

after(async () => {
  if (app) await app.quit();
});

const CTRL = '\uE009';
const SHIFT = '\uE008';
const IMPORTED = ['2023.1.5', '2023年1月6日', '20230107', '44933', '44933', '2023/1/9'];
const UNIFIED = ['2023-01-05', '2023-01-06', '2023-01-07', '2023-01-07', '2023-01-07', '2023-01-09'];

/** The grid's values of a column, top to bottom (the rows shown). */
function column(name) {
  return app.script(
    `const main = document.querySelector('[data-testid="grid"] .el-table-v2__main');
     if (!main) return null;
     const heads = [...main.querySelectorAll('.el-table-v2__header-cell')].map((h) => h.querySelector('[data-testid="grid-header"]')?.textContent.trim() ?? '');
     const at = heads.indexOf(arguments[0]);
     if (at < 0) return null;
     const rows = [...main.querySelectorAll('.el-table-v2__row')].filter((r) => !r.classList.contains('grid__row--loading'));
     rows.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
     return rows.map((r) => r.querySelectorAll('.el-table-v2__row-cell')[at]?.textContent.trim() ?? null);`,
    [name],
  );
}

async function gridShows(name, values, what) {
  await app.waitFor(async () => JSON.stringify(await column(name)) === JSON.stringify(values), what);
}

async function toTab(name) {
  await app.click(`[data-testid="tab-${name}"]`);
  if (name === 'clean') {
    await app.waitFor(async () => (await app.script(`return document.querySelector('[data-testid="clean-tab"]')?.dataset.state ?? null`)) === 'ready', 'the cleaning tab ready');
  } else {
    await app.el('[data-testid="grid"]');
  }
}

const historyLines = () =>
  app.script(`return [...document.querySelectorAll('[data-testid^="clean-step-"]')].map((e) => e.dataset.state + ' ' + e.querySelector('.clean__step-name').textContent.trim())`);

async function settled() {
  await app.waitFor(async () => (await app.script(`return document.querySelector('[data-testid="clean-tab"]')?.dataset.state ?? null`)) === 'ready', 'the step done');
}

/** Chooses an operation and columns on the form, previews, and applies. */
async function addStep(opLabel, columnName, expectText) {
  await app.chooseByText('[data-testid="clean-op"]', opLabel);
  await app.chooseByText('[data-testid="clean-columns"]', columnName);
  // The list of columns stays open for more: Escape closes it.
  await app.chord('\uE00C');
  await app.click('[data-testid="clean-preview"]');
  await app.waitText('[data-testid="clean-result"]', expectText);
  await app.click('[data-testid="clean-apply"]');
  await settled();
}

async function openDataset() {
  await app.click('[data-testid="dataset-row"]');
  await app.el('[data-testid="status-chip"]');
  await app.el('[data-testid="grid"]');
}

test('unify a date column, undo, redo, remove a middle step, and the same state after a restart', async () => {
  addUser(cli, workspace, '小王', ['clerk']);
  kaifang('--as', '小王', 'import', resolve(here, '../fixtures/clean/month1.csv'), '--name', '低保发放名单');

  app = await App.start(['--workspace', workspace]);
  await app.signIn('小王');
  await openDataset();
  await gridShows('发放日期', IMPORTED, 'the imported dates');

  // The column's own header has the cleaning menu: 统一日期 from there.
  const headerMenu = `[...document.querySelectorAll('[data-testid="grid-header"]')].find((b) => b.textContent.trim() === '发放日期').parentElement.querySelector('[data-testid="grid-header-menu"] button')`;
  await app.script(`${headerMenu}.click()`);
  await app.waitFor(
    () =>
      app.script(
        `return [...document.querySelectorAll('[data-testid="grid-header-clean-dates"]')].some((e) => e.offsetParent !== null && getComputedStyle(e.closest('.el-popper')).opacity === '1')`,
      ),
    'the header menu of 发放日期, shown',
  );
  await app.screenshot(join(out, 'clean-header-menu.png'));
  await app.script(`[...document.querySelectorAll('[data-testid="grid-header-clean-dates"]')].find((e) => e.offsetParent !== null).click()`);
  await settled();
  assert.equal(
    await app.script(`return document.querySelector('[data-testid="clean-columns"]').textContent.includes('发放日期')`),
    true,
    'the column comes along',
  );
  // The preview says what will change, with the forms found, before anything is written.
  await app.click('[data-testid="clean-preview"]');
  await app.waitText('[data-testid="clean-result"]', '将改动 6 行、6 格');
  const result = await app.text('[data-testid="clean-result"]');
  assert.match(result, /2023\.1\.5 → 2023-01-05/);
  assert.match(result, /Excel 日期序号 2/);
  assert.equal(JSON.parse(kaifang('clean', '1', 'history', '--json')).steps.length, 0, 'a preview writes nothing');
  await app.screenshot(join(out, 'clean-preview.png'));
  await app.click('[data-testid="clean-apply"]');
  await settled();
  assert.deepEqual(await historyLines(), ['applied 第 1 步 · 统一日期格式']);

  await toTab('data');
  await gridShows('发放日期', UNIFIED, 'the unified dates');
  await app.waitFor(async () => (await app.text('[data-testid="dataset-version"]')).includes('第 2 版（清洗自第 1 版）'), 'the cleaned version shown');

  // Ctrl+Z on the cleaning tab undoes; Ctrl+Shift+Z redoes.
  await toTab('clean');
  await app.click('[data-testid="clean-base"]');
  await app.chord(CTRL, 'z');
  await app.waitFor(async () => (await historyLines())[0] === 'undone 第 1 步 · 统一日期格式', 'undone by Ctrl+Z');
  await toTab('data');
  await gridShows('发放日期', IMPORTED, 'the dates as imported again');
  await toTab('clean');
  await app.click('[data-testid="clean-base"]');
  await app.chord(CTRL, SHIFT, 'z');
  await app.waitFor(async () => (await historyLines())[0] === 'applied 第 1 步 · 统一日期格式', 'redone by Ctrl+Shift+Z');
  await toTab('data');
  await gridShows('发放日期', UNIFIED, 'the unified dates again');

  // Two more steps, then the middle one removed (after a question).
  await toTab('clean');
  await addStep('去除多余空格', '姓名', '将改动 1 行、1 格');
  await addStep('向下填充', '乡镇', '将改动 3 行、3 格');
  assert.deepEqual(await historyLines(), [
    'applied 第 1 步 · 统一日期格式',
    'applied 第 2 步 · 去除多余空格',
    'applied 第 3 步 · 向下填充',
  ]);
  await app.screenshot(join(out, 'clean-history.png'));
  await app.clickUntil('[data-testid="clean-remove-2"]', '.clean-remove-confirm');
  await app.click('.clean-remove-confirm .el-button--primary');
  await app.waitFor(async () => (await historyLines()).length === 2, 'the middle step removed');
  await settled();
  assert.deepEqual(await historyLines(), ['applied 第 1 步 · 统一日期格式', 'applied 第 2 步 · 向下填充']);
  await addStep('全角转半角', '联系电话', '将改动 1 行、1 格');

  // After a restart: the same grid and the same history.
  await app.quit();
  app = await App.start(['--workspace', workspace]);
  await app.signIn('小王');
  await openDataset();
  await gridShows('发放日期', UNIFIED, 'the unified dates after a restart');
  await gridShows('乡镇', ['城关镇', '城关镇', '城关镇', '石桥乡', '石桥乡', '石桥乡'], 'the filled township');
  // The removed trim is undone: the name keeps its full-width space.
  assert.equal((await column('姓名'))[2], '张\u3000三');
  await toTab('clean');
  assert.deepEqual(await historyLines(), [
    'applied 第 1 步 · 统一日期格式',
    'applied 第 2 步 · 向下填充',
    'applied 第 3 步 · 全角转半角',
  ]);
  await app.screenshot(join(out, 'clean-after-restart.png'));

  // The command line reads the same history.
  const h = JSON.parse(kaifang('clean', '1', 'history', '--json'));
  assert.deepEqual(
    h.steps.map((s) => [s.step.op, s.step.columns, s.state]),
    [
      ['dates', ['发放日期'], 'applied'],
      ['fill_down', ['乡镇'], 'applied'],
      ['half_width', ['联系电话'], 'applied'],
    ],
    'each step on the column chosen for it (the form starts afresh after a step)',
  );
  assert.equal(h.version, 2);

  // Next month's file, its headers renamed and reordered: the tab offers last
  // month's steps and asks only which column 联系电话 is now.
  kaifang('--as', '小王', 'import', '--into', '1', resolve(here, '../fixtures/clean/month2.csv'));
  await app.click('[data-testid="dataset-back"]');
  await openDataset();
  await toTab('clean');
  await app.waitText('[data-testid="clean-previous"]', '第 2 版清洗过 3 步');
  assert.match(await app.text('[data-testid="clean-previous"]'), /“发放日期”对应这一版的“发放 日期”/);
  await app.chooseByText('[data-testid="clean-previous-ask-联系电话"]', '手机号');
  await app.click('[data-testid="clean-previous-preview"]');
  await app.waitText('[data-testid="clean-previous-result"]', '统一日期格式（发放 日期）· 改动 6 行、6 格');
  await app.screenshot(join(out, 'clean-previous.png'));
  await app.click('[data-testid="clean-previous-apply"]');
  await settled();
  await app.waitFor(async () => (await historyLines()).length === 3, 'last month\'s steps applied');
  await toTab('data');
  await gridShows('发放 日期', ['2023-02-05', '2023-02-06', '2023-02-07', '2023-02-07', '2023-02-07', '2023-02-09'], 'next month\'s dates unified');
  await gridShows('手机号', ['13812345678', '13912345678', '13712345678', '13612345678', '13612345678', '13512345678'], 'its phones half-width');
});
