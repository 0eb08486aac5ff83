// The sensitive-fields tab in the real window: a subsidy list's ID and phone
// columns flagged, one operator changed, and the masked preview following it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { App, addUser } from './webdriver.mjs';

const out = process.env.KAIFANG_TEST_OUT;
const scratch = join(process.env.KAIFANG_SCRATCH, 'sensitive');
const workspace = join(scratch, 'workspace.sqlite3');
mkdirSync(scratch, { recursive: true });
let app;

after(async () => {
  if (app) await app.quit();
});

// Synthetic people: valid check digits, unassigned numbers.
const SUBSIDY = `序号,姓名,身份证号,联系电话,家庭住址,补贴金额
1,张三,11010519491231002X,13812345678,某某县城关镇东村3组12号,300
2,欧阳娜娜,440524194801010013,13912345678,某某县河口乡西村5组2号,250
3,李四,130534194503121233,13612345678,某某县城关镇南街8号,280
`;

const attr = (css, name) => app.script(`const e = document.querySelector(arguments[0]); return e && e.getAttribute(arguments[1])`, [css, name]);
const text = (css) => app.script(`const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null`, [css]);

test('the ID and phone columns are flagged, and changing an operator changes the preview', async () => {
  const file = join(scratch, '低保名单.csv');
  writeFileSync(file, SUBSIDY);
  const cli = join(dirname(process.env.KAIFANG_APP), 'kaifang');
  execFileSync(cli, ['--workspace', workspace, 'import', file], { stdio: 'ignore' });

  // One person with both roles: the app offers them, and asks their passphrase.
  addUser(cli, workspace, '测试员', ['clerk', 'steward']);
  app = await App.start(['--workspace', workspace]);
  await app.signIn('测试员');
  await app.el('[data-testid="dataset-row"]');
  const badge = await text('[data-testid="risk-badge"]');
  assert.ok(badge && /\d/.test(badge), `the list shows a risk badge with the count of personal columns (saw ${badge})`);
  await app.click('[data-testid="dataset-row"]');
  await app.click('[data-testid="tab-sensitive"]');
  await app.el('[data-testid="sensitive-table"]');

  await app.waitFor(async () => (await attr('[data-testid="sensitive-row-2"]', 'data-category')) === 'id_card', 'the ID column flagged');
  assert.equal(await attr('[data-testid="sensitive-row-2"]', 'data-personal'), 'true');
  assert.equal(await attr('[data-testid="sensitive-row-3"]', 'data-category'), 'phone');
  assert.equal(await attr('[data-testid="sensitive-row-5"]', 'data-category'), 'none', 'amounts are not personal');

  await app.el('[data-testid="mask-preview"]');
  await app.waitFor(async () => (await text('[data-testid="preview-public-0-2"]')) === '110105********002X', 'the masked ID');
  assert.equal(await text('[data-testid="preview-original-0-2"]'), '11010519491231002X', 'original beside public');
  assert.equal(await text('[data-testid="preview-public-0-1"]'), '张*');

  // Pseudonymise the names: the preview follows.
  await app.click('[data-testid="operator-1"] .el-select__wrapper');
  const option = '.el-select-dropdown__item[data-value="pseudonymize"]';
  await app.waitFor(() => app.script(`return Array.from(document.querySelectorAll(arguments[0])).some(e => e.offsetParent !== null)`, [option]), 'the operator list');
  await app.script(`Array.from(document.querySelectorAll(arguments[0])).find(e => e.offsetParent !== null).click()`, [option]);
  await app.waitFor(async () => /^P[0-9A-F]{12}$/.test((await text('[data-testid="preview-public-0-1"]')) ?? ''), 'a pseudonym in the preview');
  await app.screenshot(join(out, 'sensitive-tab.png'));

  const preview = JSON.parse(execFileSync(cli, ['--workspace', workspace, 'preview', '1', '--rows', '1', '--json']).toString());
  assert.match(preview.rows[0].public[1], /^P[0-9A-F]{12}$/, 'the choice was saved to the workspace');
});
