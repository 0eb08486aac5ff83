// Importing through the wizard in the real window: a GBK CSV with title rows and a
// two-row header, then an XLSX with a merged title and several sheets (the wizard
// asks which one), each opened with the app as a file manager's "Open with" would,
// and a large table scrolled to its end.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, addUser } from './webdriver.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = resolve(here, '../fixtures/import');
const out = process.env.KAIFANG_TEST_OUT;
const scratch = join(process.env.KAIFANG_SCRATCH, 'import');
const workspace = join(scratch, 'workspace.sqlite3');
mkdirSync(scratch, { recursive: true });
let app;

after(async () => {
  if (app) await app.quit();
});

/** Texts of all elements matching `css`. */
async function texts(a, css) {
  return a.script(`return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent.trim())`, [css]);
}

let userAdded = false;

async function importThroughWizard(file, expect) {
  // One person with both roles: the app offers them, and asks their passphrase.
  if (!userAdded) addUser(join(dirname(process.env.KAIFANG_APP), 'kaifang'), workspace, '测试员', ['clerk', 'steward']);
  userAdded = true;
  app = await App.start(['--workspace', workspace, file]);
  try {
    await app.signIn('测试员');
    await wizardSteps(expect);
  } finally {
    await app.quit();
    app = undefined;
  }
}

async function wizardSteps(expect) {
  await app.el('[data-testid="import-dialog"]');
  if (expect.habit) {
    // Next month's file: the choices made for last month's are applied and said so.
    await app.waitText('[data-testid="wizard-habit"]', expect.habit);
  }
  if (expect.table) {
    // A sheet of two tables offers both; the clerk picks the detail table.
    await app.waitFor(() => app.shown('[data-testid="wizard-tables"]'), 'the tables of the sheet');
    await app.screenshot(join(out, `wizard-${expect.shot}-tables.png`));
    if (!expect.habit) {
      await app.script(`document.querySelectorAll('[data-testid="wizard-table"]')[arguments[0] - 1].click()`, [expect.table]);
    }
    await app.waitFor(
      () => app.script(`return document.querySelectorAll('[data-testid="wizard-table"]')[arguments[0] - 1].classList.contains('is-checked')`, [expect.table]),
      `table ${expect.table} chosen`,
    );
    await app.waitFor(async () => (await texts(app, '[data-testid="wizard-header-summary"] .header-name')).some((h) => h.includes(expect.columns[0])), 'the chosen table\'s header');
  }
  // The wizard previews the file with the detected header highlighted.
  await app.waitFor(async () => (await texts(app, '[data-testid="wizard-header-summary"] .header-name')).length > 0, 'the detected header');
  const header = await texts(app, '[data-testid="wizard-header-summary"] .header-name');
  for (const name of expect.columns) {
    assert.ok(header.some((h) => h.includes(name)), `detected header ${JSON.stringify(header)} lacks ${name}`);
  }
  const headerRows = await app.script(
    `return Array.from(document.querySelectorAll('[data-testid="wizard-preview"] [data-role="header"]')).map(e => Number(e.getAttribute('data-row')))`,
  );
  assert.deepEqual([...new Set(headerRows)], expect.headerRows, 'the header rows are highlighted in the preview');
  if (expect.sheet) {
    // A workbook of several sheets opens its sheet list by itself and waits for a choice.
    await app.waitFor(() => app.shown('[data-testid="wizard-sheet-required"]'), 'the notice that there are several sheets');
    await app.screenshot(join(out, `wizard-${expect.shot}-sheets.png`));
    const option = `.el-select-dropdown__item[data-value="sheet:${expect.sheet}"]`;
    const listed = () => app.script(`return Array.from(document.querySelectorAll(arguments[0])).some(e => e.offsetParent !== null)`, [option]);
    // Open already, unless something took the focus from it since.
    if (!(await listed())) await app.click('[data-testid="wizard-sheet"] .el-select__wrapper');
    await app.waitFor(listed, `sheet ${expect.sheet} in the list`);
    await app.script(`Array.from(document.querySelectorAll(arguments[0])).find(e => e.offsetParent !== null).click()`, [option]);
    await app.waitFor(
      () => app.script(`return !document.querySelector('[data-testid="wizard-start"]').disabled`),
      'the import to be allowed once a sheet is chosen',
    );
  }
  if (expect.encoding) {
    const shown = () => app.script(`return document.querySelector('[data-testid="wizard-encoding"]').textContent`);
    await app.waitFor(async () => expect.encoding.test(await shown()), 'the detected encoding');
    assert.match(await shown(), expect.encoding, 'the detected encoding is shown');
  }
  if (expect.keepTotals) {
    // A totals row is left out and said so; one click keeps it as data.
    await app.waitText('[data-testid="wizard-totals"]', '合计行');
    await app.screenshot(join(out, `wizard-${expect.shot}-totals.png`));
    await app.click('[data-testid="wizard-totals-flip"]');
    await app.waitText('[data-testid="wizard-totals"]', '作为数据行导入');
    await app.waitFor(
      () => app.script(`return document.querySelectorAll('[data-testid="wizard-preview"] [data-role="total"]').length === 0`),
      'the preview to show the totals row as data',
    );
    await app.waitFor(
      () => app.script(`return !document.querySelector('[data-testid="wizard-start"]').disabled`),
      'the import to be allowed again',
    );
  }
  await app.screenshot(join(out, `wizard-${expect.shot}.png`));
  await app.startImport();
  await app.el('[data-testid="dataset-view"]', 120000);
  // The wizard closes itself once the dataset opens.
  await app.waitFor(
    () => app.script(`const d = document.querySelector('[data-testid="import-dialog"]'); return !d || d.offsetParent === null`),
    'the wizard to close',
  );
  await app.waitText('[data-testid="dataset-total"]', String(expect.rows));
  const total = (await app.text('[data-testid="dataset-total"]')).trim();
  assert.equal(total, String(expect.rows), 'the grid counts every data row and nothing else');
  const headers = await texts(app, '[data-testid="grid-header"]');
  for (const name of expect.columns) {
    assert.ok(headers.some((h) => h.includes(name)), `grid headers ${JSON.stringify(headers)} lack ${name}`);
  }
  await app.screenshot(join(out, `dataset-${expect.shot}.png`));
}

test('a GBK CSV with title rows and a two-row header imports through the wizard', async () => {
  await importThroughWizard(join(fixtures, 'subsidy_gbk.csv'), {
    shot: 'gbk',
    encoding: /GBK/i,
    columns: ['姓名', '身份证号', '上半年', '下半年'],
    headerRows: [3, 4],
    rows: 4,
  });
});

test('an XLSX with a merged title row imports through the wizard', async () => {
  await importThroughWizard(join(fixtures, 'subsidy.xlsx'), {
    shot: 'xlsx',
    sheet: '低保名单',
    columns: ['姓名', '身份证号', '发放日期'],
    headerRows: [2, 3],
    rows: 3,
  });
});

test('a county total carrying its area code is kept as data with one click, and counted', async () => {
  const file = join(scratch, '乡镇户数汇总.csv');
  writeFileSync(
    file,
    '区划代码,乡镇,户数,人数\n130534100,城关镇,120,260\n130534101,河口乡,80,170\n130534102,东山乡,65,140\n130534000,合计,265,570\n',
  );
  await importThroughWizard(file, { shot: 'totals', columns: ['区划代码', '乡镇', '户数'], headerRows: [1], rows: 4, keepTotals: true });
});

test('the detail table under a summary is picked, and next month\'s file is read the same way', async () => {
  const month = (m, people) =>
    '乡镇,户数,人数,金额\n城关镇,120,260,45600\n河口乡,80,170,30100\n合计,200,430,75700\n\n' +
    '二、低保对象明细,,,,\n序号,乡镇,姓名,类别,金额\n' +
    people.map((p, i) => `${i + 1},城关镇,${p},A类,${300 + i}`).join('\n') + '\n';
  const november = join(scratch, '2024年11月低保汇总.csv');
  writeFileSync(november, month(11, ['张三', '李四', '王五']));
  await importThroughWizard(november, { shot: 'tables', table: 2, columns: ['序号', '姓名', '类别'], headerRows: [7], rows: 3 });
  const december = join(scratch, '2024年12月低保汇总.csv');
  writeFileSync(december, month(12, ['张三', '李四', '王五', '赵六']));
  await importThroughWizard(december, {
    shot: 'habit',
    habit: '2024年11月低保汇总.csv',
    table: 2,
    columns: ['序号', '姓名', '类别'],
    headerRows: [7],
    rows: 4,
  });
});

test('a large table scrolls to its last row in the grid', async () => {
  // 100,000 rows imported with the CLI into the same workspace, then opened in the app.
  const big = join(scratch, 'big.csv');
  const lines = ['编号,姓名,金额'];
  for (let i = 1; i <= 100000; i++) lines.push(`${String(i).padStart(6, '0')},姓名${i},${i % 1000}.5`);
  writeFileSync(big, lines.join('\n') + '\n');
  const cli = join(dirname(process.env.KAIFANG_APP), 'kaifang');
  execFileSync(cli, ['--workspace', workspace, 'import', big, '--name', '大表'], { stdio: 'ignore' });

  app = await App.start(['--workspace', workspace]);
  await app.el('[data-testid="dataset-row"]');
  await app.script(
    `const row = Array.from(document.querySelectorAll('[data-testid="dataset-row"]')).find(r => r.textContent.includes('大表')); row.click();`,
  );
  await app.waitText('[data-testid="dataset-total"]', '100000');
  // Scroll the virtual grid to the bottom and wait for the last row to be fetched.
  await app.script(`
    const grid = document.querySelector('[data-testid="grid"]');
    const scrollers = Array.from(grid.querySelectorAll('*')).filter(e => e.scrollHeight > e.clientHeight + 10);
    for (const s of scrollers) s.scrollTop = s.scrollHeight;
  `);
  // The last row must be on screen, inside the grid's box, not just in the DOM.
  await app.waitFor(
    () =>
      app.script(`
        const grid = document.querySelector('[data-testid="grid"]').getBoundingClientRect();
        const cell = Array.from(document.querySelectorAll('[data-testid="grid"] *'))
          .find(e => e.children.length === 0 && e.textContent.trim() === '姓名100000');
        if (!cell) return false;
        const r = cell.getBoundingClientRect();
        return r.height > 0 && r.top >= grid.top && r.bottom <= grid.bottom + 1;
      `),
    'the last row visible in the grid',
    20000,
  );
  await app.screenshot(join(out, 'grid-bottom.png'));
});
