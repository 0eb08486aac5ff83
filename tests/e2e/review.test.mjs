// Submission and review in the real window, one PC, two people: the clerk
// submits, the steward (same app, user switched) returns it with a comment on a
// field, the clerk sees the comment where it applies, corrects and resubmits,
// and the steward approves the corrected version.
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
const scratch = join(process.env.KAIFANG_SCRATCH, 'review');
const workspace = join(scratch, 'workspace.sqlite3');
mkdirSync(scratch, { recursive: true });
const cli = join(dirname(process.env.KAIFANG_APP), 'kaifang');
const kaifang = (...args) => execFileSync(cli, ['--workspace', workspace, ...args]).toString();
let app;

after(async () => {
  if (app) await app.quit();
});

async function openDataset() {
  await app.click('[data-testid="nav-datasets"]');
  await app.el('[data-testid="dataset-row"]');
  await app.click('[data-testid="dataset-row"]');
  await app.el('[data-testid="status-chip"]');
}

async function openQueueItem() {
  await app.click('[data-testid="nav-review"]');
  await app.waitText('[data-testid="nav-review-count"]', '1');
  await app.click('[data-testid="queue-item-1"]');
  await app.el('[data-testid="review-view"]');
}

test('the clerk submits, the steward returns it with a comment, then approves the corrected version', async () => {
  // The steward sets up the workspace and adds the clerk.
  addUser(cli, workspace, '老李', ['steward']);
  addUser(cli, workspace, '小王', ['clerk'], '老李');
  kaifang('import', join(fixtures, 'pipe.txt'), '--name', '村代码表');
  for (const [field, value] of [
    ['description', '村代码'],
    ['provider', '某某县民政局'],
    ['theme', 'government'],
    ['open_type', 'unconditional'],
    ['frequency', 'yearly'],
  ]) {
    kaifang('meta', 'set', '1', field, value);
  }
  app = await App.start(['--workspace', workspace]);

  // Two people use this PC: the app asks who it is (offering the one chosen last
  // time, if another test's window left one remembered), and their passphrase.
  await app.signIn('小王');

  await openDataset();
  await app.submit();
  await app.waitText('[data-testid="status-chip"]', '已提交');

  // The steward's turn, in the same window.
  await app.switchUser('老李');
  await openQueueItem();
  await app.screenshot(join(out, 'review-view.png'));
  await app.click('[data-testid="review-return"]');
  // The dialog has finished opening: a click during its animation can be lost.
  await app.waitFor(() => app.script(`return !document.querySelector('[class*="-enter-active"]')`), 'the return dialog open');
  await app.typeExactly('[data-testid="review-return-comment"]', '摘要太简单，请写明统计口径。');
  await app.clickUntil('[data-testid="review-return-add-target"]', '[data-testid="review-return-target-which-0"]');
  await app.choose('[data-testid="review-return-target-which-0"]', 'description');
  // The choice has landed (the placeholder is gone) and its list has closed.
  await app.waitFor(
    () => app.script(`return !!document.querySelector('[data-testid="review-return-target-which-0"] .el-select__selected-item:not(.is-transparent)') && !Array.from(document.querySelectorAll('.el-select-dropdown')).some(e => e.offsetParent !== null)`),
    'the field chosen',
  );
  await app.type('input[data-testid="review-return-target-text-0"], [data-testid="review-return-target-text-0"] input', '请补充数据来源和更新方式');
  await app.click('[data-testid="review-return-confirm"]');
  try {
    await app.waitFor(
      () => app.script(`const d = document.querySelector('[data-testid="return-dialog"]'); return !d || d.offsetParent === null`),
      'the return dialog to close',
    );
    await app.waitFor(async () => JSON.parse(kaifang('show', '1', '--json')).summary.status === 'returned', 'the return to be saved');
  } catch (e) {
    // What the dialog says when it stays open (a field left out, an error).
    const said = await app.script(`return document.querySelector('[data-testid="return-dialog"]')?.innerText ?? ''`);
    await app.screenshot(join(out, 'return-failed.png'));
    throw new Error(`${e.message}; the dialog says: ${said}`);
  }

  // The clerk sees the comments where they apply.
  await app.switchUser('小王');
  await openDataset();
  await app.waitText('[data-testid="returned-banner"]', '统计口径');
  await app.click('[data-testid="tab-metadata"]');
  await app.waitText('[data-testid="field-comment-description"]', '数据来源');
  await app.screenshot(join(out, 'returned-comments.png'));

  // Corrected and submitted again.
  const css = '[data-testid="meta-field-description"] textarea, [data-testid="meta-field-description"] input';
  await app.click(css);
  await app.script(`const e = document.querySelector(arguments[0]); e.value = ''; e.dispatchEvent(new Event('input', { bubbles: true }));`, [css]);
  await app.type(css, '全县各行政村代码，来源于民政部门区划登记，每年更新一次。');
  await app.click('[data-testid="meta-save"]');
  await app.waitFor(async () => JSON.parse(kaifang('meta', 'show', '1', '--json')).values.description.startsWith('全县'), 'the saved summary');
  await app.submit();
  await app.waitText('[data-testid="status-chip"]', '已提交');

  await app.switchUser('老李');
  // Locked (as after 10 idle minutes): approving asks the passphrase again, then goes on.
  await app.script(`document.querySelector('[data-testid="user-switch"]').click()`);
  await app.waitFor(() => app.shown('[data-testid="user-lock"]'), 'the lock entry');
  await app.script(`document.querySelector('[data-testid="user-lock"]').click()`);
  await app.dialogsClosed();
  await openQueueItem();
  await app.click('[data-testid="review-approve"]');
  await app.click('[data-testid="review-approve-confirm"]');
  await app.unlock(undefined, join(out, 'unlock.png'));
  await app.waitFor(async () => JSON.parse(kaifang('show', '1', '--json')).summary.status === 'approved', 'the approval');

  // The record: who did what, in order, and the field comment kept with the return.
  const history = JSON.parse(kaifang('history', '1', '--json')).history;
  assert.deepEqual(history.map((e) => [e.action, e.actor]), [
    ['submit', '小王'], ['return', '老李'], ['submit', '小王'], ['approve', '老李'],
  ]);
  // Who unlocked what is in the audit log: the switches, and the unlock for the approval.
  const log = JSON.parse(kaifang('audit', 'log', '--limit', '200', '--json'));
  const unlocks = log.filter((e) => e.action === 'user.unlocked').map((e) => [e.actor, e.detail.for]);
  assert.ok(unlocks.some(([who, why]) => who === '老李' && why === 'switch'), JSON.stringify(unlocks));
  assert.ok(unlocks.some(([who, why]) => who === '老李' && why === 'unlock'), `the unlock after locking: ${JSON.stringify(unlocks)}`);
  assert.deepEqual(history[1].comments, [['field:description', '请补充数据来源和更新方式']]);
  execFileSync(cli, ['--workspace', workspace, 'audit', 'verify']);

  // The history tab tells the story in plain language.
  await app.dialogsClosed();
  await openDataset();
  await app.click('[data-testid="tab-history"]');
  await app.waitFor(async () => (await app.script(`return document.querySelectorAll('[data-testid="history-entry"]').length`)) >= 4, 'history entries');
  await app.screenshot(join(out, 'history.png'));
});
