// A review a steward can rely on, at 1366×768 (the common office screen): the
// window fits the screen; the clerk sees what will be published before
// submitting and is asked before an edit withdraws the submission; the steward
// sees every column with its decision (the withheld one too) and confirms the
// special category published as it is before approving.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { App, addUser } from './webdriver.mjs';

const out = process.env.KAIFANG_TEST_OUT;
const scratch = join(process.env.KAIFANG_SCRATCH, 'decisions');
const workspace = join(scratch, 'workspace.sqlite3');
mkdirSync(scratch, { recursive: true });
const cli = join(dirname(process.env.KAIFANG_APP), 'kaifang');
const kaifang = (...args) => execFileSync(cli, ['--workspace', workspace, ...args]).toString();
const status = () => JSON.parse(kaifang('show', '1', '--json')).summary.status;
let app;

after(async () => {
  if (app) await app.quit();
});

/** A medical-claims list as a county hospital keeps it. */
function claims() {
  const names = ['张伟', '王芳', '李娜', '刘强', '陈静', '杨洋', '赵敏', '黄磊'];
  const diagnoses = ['高血压', '2型糖尿病', '社区获得性肺炎', '腰椎间盘突出'];
  const lines = ['姓名,性别,诊断名称,家庭电话,就诊日期,报销金额'];
  for (let i = 0; i < 80; i++) {
    lines.push(
      [names[i % 8], i % 2 ? '女' : '男', diagnoses[i % 4], `0310-${5200000 + i * 37}`, `2024-0${(i % 9) + 1}-1${i % 10}`, 120 + i * 13].join(','),
    );
  }
  const file = join(scratch, '医疗救助报销名单.csv');
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

test('at 1366×768 the clerk submits what the summary shows, and the steward sees and confirms every decision', async () => {
  addUser(cli, workspace, '老李', ['steward']);
  addUser(cli, workspace, '小王', ['clerk'], '老李');
  kaifang('--as', '小王', 'import', claims(), '--name', '医疗救助报销名单');
  for (const [field, value] of [
    ['description', '全县医疗救助对象的报销记录'],
    ['provider', '某某县医疗保障局'],
    ['theme', 'health'],
    ['open_type', 'unconditional'],
    ['frequency', 'monthly'],
  ]) {
    kaifang('--as', '小王', 'meta', 'set', '1', field, value);
  }
  // The clerk withholds the home phones and publishes the diagnoses, with a reason.
  kaifang('--as', '小王', 'meta', 'column', '1', '家庭电话', '--open', 'no');
  kaifang('--as', '小王', 'policy', 'set', '1', '诊断名称', 'keep', '--reason', '病种统计需要公开');
  const columns = JSON.parse(kaifang('decisions', '1', '--json')).columns;
  assert.equal(columns.find((c) => c.name === '诊断名称').category, 'health');

  app = await App.start(['--workspace', workspace]);
  await app.signIn('小王');

  // The window fits the screen: its bottom edge (the grid's scrollbar, the
  // sidebar's controls) is on it.
  const rect = await app.windowRect();
  const screen = await app.script('return { w: screen.width, h: screen.height }');
  assert.equal(screen.h, 768, 'the tests run on a 1366×768 screen');
  assert.ok(rect.y >= 0 && rect.y + rect.height <= screen.h, `the window's bottom edge is on the screen: ${JSON.stringify(rect)}`);
  assert.ok(rect.x >= 0 && rect.x + rect.width <= screen.w, `and its right edge: ${JSON.stringify(rect)}`);
  const inner = await app.script('return { w: innerWidth, h: innerHeight }');
  assert.ok(inner.h <= screen.h && inner.h >= 600, `the page gets the screen's height: ${JSON.stringify(inner)}`);

  // The list tells datasets apart: the whole name, the department, the completeness.
  await app.el('[data-testid="dataset-row"]');
  await app.waitText('[data-testid="dataset-department"]', '某某县医疗保障局');
  await app.waitFor(async () => /\d+%/.test(await app.text('[data-testid="dataset-completeness"]')), 'the completeness');
  await app.screenshot(join(out, 'decisions-list.png'));

  // Submitting shows what will be published first.
  await app.click('[data-testid="dataset-row"]');
  await app.el('[data-testid="status-chip"]');
  await app.click('[data-testid="submit-dataset"]');
  await app.waitFor(() => app.shown('[data-testid="submit-dialog"] [data-testid="decisions-summary"]'), 'the submission summary');
  // Read once the dialog has faded in (WebDriver's text of a fading element is empty).
  const summary = await app.waitFor(
    () => app.script(`return document.querySelector('[data-testid="submit-dialog"] [data-testid="decisions-summary-line"]')?.innerText || null`),
    'the summary line',
  );
  assert.match(summary, /共 80 行/);
  assert.match(summary, /不公开 1 列/, summary);
  const notices = await app.script(
    `return [...document.querySelectorAll('[data-testid="submit-dialog"] [data-testid="decisions-notice"]')].map((n) => n.dataset.kind)`,
  );
  assert.ok(notices.includes('special_open'), `the diagnoses in an open dataset are said: ${notices}`);
  await app.screenshot(join(out, 'decisions-submit.png'));
  await app.click('[data-testid="submit-confirm"]');
  await app.waitText('[data-testid="status-chip"]', '已提交');
  await app.dialogsClosed();

  // An edit now would withdraw the submission: asked first; "do not change" keeps it.
  await app.click('[data-testid="tab-metadata"]');
  const css = '[data-testid="meta-field-description"] textarea, [data-testid="meta-field-description"] input';
  await app.el(css);
  await app.type(css, '（含门诊和住院）');
  await app.click('[data-testid="meta-save"]');
  await app.waitFor(() => app.shown('.withdraw-confirm'), 'the question before withdrawing');
  // Faded in (for the screenshot).
  await app.waitFor(() => app.script(`return !document.querySelector('[class*="-enter-active"]')`), 'the question shown');
  const asked = await app.script(`return document.querySelector('.withdraw-confirm').innerText`);
  assert.match(asked, /撤回提交/);
  await app.screenshot(join(out, 'decisions-withdraw.png'));
  await app.script(
    `[...document.querySelectorAll('.withdraw-confirm .el-message-box__btns button')].find((b) => b.textContent.trim() === '不修改').click()`,
  );
  await app.dialogsClosed();
  assert.equal(status(), 'submitted', 'nothing was saved');
  assert.equal(await app.text('[data-testid="status-chip"]'), '已提交');
  // The edit is still in the form, unsaved: the clerk drops it.
  await app.click('[data-testid="meta-discard"]');

  // The steward's turn: every column, with its decision.
  await app.switchUser('老李');
  await app.click('[data-testid="nav-review"]');
  await app.waitText('[data-testid="nav-review-count"]', '1');
  await app.click('[data-testid="queue-item-1"]');
  await app.el('[data-testid="decisions-table"]');
  const rows = await app.script(
    `return [...document.querySelectorAll('[data-testid="decision-row"]')].map((r) => [r.dataset.column, r.dataset.outcome])`,
  );
  assert.deepEqual(rows.map(([name]) => name), ['姓名', '性别', '诊断名称', '家庭电话', '就诊日期', '报销金额']);
  const outcome = Object.fromEntries(rows);
  assert.equal(outcome['家庭电话'], 'withheld', 'the withheld column is listed');
  assert.equal(outcome['诊断名称'], 'unchanged');
  assert.equal(outcome['姓名'], 'masked');
  const diagnosis = await app.script(`return document.querySelector('[data-column="诊断名称"]').innerText`);
  assert.match(diagnosis, /小王/, 'who chose it');
  assert.match(diagnosis, /病种统计需要公开/, 'and why');
  await app.screenshot(join(out, 'decisions-review.png'));

  // Approving asks the steward to confirm the special category first.
  await app.click('[data-testid="review-approve"]');
  await app.waitFor(() => app.shown('[data-testid="approve-special"]'), 'the special-category warning');
  assert.equal(await app.script(`return document.querySelector('[data-testid="review-approve-confirm"]').disabled`), true);
  await app.click('[data-testid="approve-special-confirm"]');
  await app.click('[data-testid="review-approve-confirm"]');
  await app.waitFor(async () => status() === 'approved', 'the approval');
  const log = JSON.parse(kaifang('audit', 'log', '--limit', '50', '--json'));
  const approval = log.find((e) => e.action === 'dataset.approved');
  assert.deepEqual(approval.detail.confirmed_special, ['诊断名称'], 'the confirmation is on record');
});
