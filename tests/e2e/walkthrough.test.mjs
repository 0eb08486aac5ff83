// Every screen and the main dialogs, in Chinese and then in English, at
// 1366×768: a screenshot of each in test-output/screens/<language>/ (the user
// guide's screenshots come from here: `make docs`), and three checks on each:
// no horizontal scrollbar in the window, no text spilling out of its button,
// tab, label or tag, and no message key shown instead of its text.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, PASSPHRASE, addUser } from './webdriver.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const screens = join(dirname(process.env.KAIFANG_TEST_OUT), 'screens');
const scratch = join(process.env.KAIFANG_SCRATCH, 'walkthrough');
const workspace = join(scratch, 'workspace.sqlite3');
mkdirSync(scratch, { recursive: true });
const cli = join(dirname(process.env.KAIFANG_APP), 'kaifang');
const kaifang = (...args) => execFileSync(cli, ['--workspace', workspace, ...args]).toString();
let app;

after(async () => {
  if (app) await app.quit();
});

// The catalogs' top-level sections: a text like "risk.table.title" on screen is
// a key vue-i18n did not find.
const sections = new Set(
  readdirSync(join(root, 'ui/src/i18n/zh-CN'))
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => [...readFileSync(join(root, 'ui/src/i18n/zh-CN', f), 'utf8').matchAll(/^ {2}(\w+): \{/gm)].map((m) => m[1])),
);

/** The three checks, run in the page: a list of what is wrong. */
const CHECKS = `
  const sections = new Set(arguments[0]);
  const problems = [];
  const shown = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; };
  const what = (e) => (e.getAttribute('data-testid') || e.className || e.tagName).toString().slice(0, 60) + ' «' + e.textContent.trim().slice(0, 40) + '»';
  const page = document.scrollingElement;
  if (page.scrollWidth > page.clientWidth + 1) problems.push('the window scrolls sideways (' + page.scrollWidth + ' > ' + page.clientWidth + ')');
  for (const e of document.querySelectorAll('.shell, .shell__main, .el-header, .el-aside, .el-dialog, .el-drawer')) {
    if (!shown(e)) continue;
    const x = getComputedStyle(e).overflowX;
    if ((x === 'auto' || x === 'scroll') && e.scrollWidth > e.clientWidth + 1) problems.push('a horizontal scrollbar in ' + what(e));
  }
  const boxes = 'button, .el-button, .el-tag, .el-tabs__item, .el-menu-item, .el-form-item__label, .el-dialog__title, .el-radio__label, .el-checkbox__label, .el-dropdown-menu__item';
  // (Step titles are left out: simple steps lay a title over its arrow by design.)
  for (const e of document.querySelectorAll(boxes)) {
    if (!shown(e) || getComputedStyle(e).textOverflow === 'ellipsis') continue;
    if (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 2 && getComputedStyle(e).overflowY === 'hidden') problems.push('text overflows ' + what(e));
  }
  // A column heading of one word must not break inside it ("Completene / ss").
  for (const e of document.querySelectorAll('.el-table__header th .cell')) {
    const text = e.textContent.trim();
    if (!shown(e) || !text || /\\s/.test(text)) continue;
    const line = parseFloat(getComputedStyle(e).lineHeight) || 23;
    if (e.getBoundingClientRect().height > line * 1.5) problems.push('a column heading breaks inside a word ' + what(e));
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const t = walker.currentNode.textContent.trim();
    const m = /^([a-z][a-zA-Z]*)(\\.[a-zA-Z0-9_]+)+$/.exec(t);
    if (m && sections.has(m[1]) && walker.currentNode.parentElement && shown(walker.currentNode.parentElement)) problems.push('an untranslated key: ' + t);
  }
  return problems;
`;

const visited = { 'zh-CN': [], en: [] };

/** Waits for the screen to settle, takes its picture and checks it. */
async function visit(language, name) {
  await app.waitFor(() => app.script(`return !document.querySelector('[class*="-enter-active"], [class*="-leave-active"], .el-loading-mask')`), `${name} to settle`);
  await new Promise((r) => setTimeout(r, 300));
  const dir = join(screens, language);
  mkdirSync(dir, { recursive: true });
  await app.screenshot(join(dir, `${name}.png`));
  const problems = await app.script(CHECKS, [[...sections]]);
  assert.deepEqual(problems, [], `${language} ${name}`);
  visited[language].push(name);
}

/** Closes the dialog on top (its × button), confirming a question it asks. */
async function closeDialog() {
  await app.script(`[...document.querySelectorAll('.el-dialog__headerbtn')].filter((b) => b.offsetParent !== null).pop()?.click()`);
  await new Promise((r) => setTimeout(r, 400));
  await app.script(`document.querySelector('.el-message-box .el-button--primary')?.click()`);
  await app.dialogsClosed();
}

/**
 * Clicks through the DOM until `ready` shows: under load a click can land on a
 * dialog or list still fading out, and be lost.
 */
async function press(css, ready) {
  await app.waitFor(async () => {
    await app.script(`document.querySelector(arguments[0])?.click()`, [css]);
    const end = Date.now() + 2000;
    while (Date.now() < end) {
      if (await app.shown(ready)) return true;
      await new Promise((r) => setTimeout(r, 150));
    }
    return false;
  }, `${ready} after ${css}`);
}

async function tab(name) {
  await app.clickUntil(`[data-testid="tab-${name}"]`, `#pane-${name}, [data-testid="tab-${name}"]`);
  await app.waitFor(() => app.script(`return document.querySelector('[data-testid="tab-${name}"]')?.closest('.el-tabs__item')?.classList.contains('is-active')`), `the ${name} tab`);
}

/**
 * Switches the UI to `language` unless it is shown already (an earlier test in
 * the same run may have left its choice behind). Through the DOM, and again
 * while the page is not in it yet: a click can land on a dialog still fading
 * out, and is lost.
 */
async function useLanguage(language) {
  const lang = () => app.script('return document.documentElement.lang');
  await app.waitFor(async () => {
    if ((await lang()) !== language) await app.script(`document.querySelector('[data-testid="lang-switch"]').click()`);
    const end = Date.now() + 2000;
    while (Date.now() < end && (await lang()) !== language) await new Promise((r) => setTimeout(r, 150));
    return (await lang()) === language;
  }, `the UI in ${language}`);
}

async function walk(language) {
  await press('[data-testid="nav-overview"]', '[data-testid="chart-theme-bar"]');
  await visit(language, 'overview');
  await press('[data-testid="nav-datasets"]', '[data-testid="dataset-row"]');
  await visit(language, 'dataset-list');

  await press('[data-testid="import-more"]', '[data-testid="bundle-import"]');
  await visit(language, 'bundles');
  await app.script(`document.body.click()`);

  await app.script(`[...document.querySelectorAll('[data-testid="dataset-row"]')].find((r) => r.textContent.includes('临时救助名单'))?.click()`);
  await app.el('[data-testid="status-chip"]');
  await visit(language, 'dataset-grid');
  await tab('clean');
  await app.waitFor(() => app.shown('[data-testid="clean-step-1"]'), 'the cleaning history');
  await visit(language, 'clean');
  await tab('metadata');
  await visit(language, 'metadata');
  await tab('sensitive');
  await visit(language, 'sensitive');
  await tab('risk');
  await app.waitFor(() => app.shown('[data-testid="risk-k"], [data-testid="risk-table"], [data-testid="risk-figures"]'), 'the risk figures');
  await visit(language, 'risk');
  await tab('history');
  await visit(language, 'history');

  await press('[data-testid="submit-dataset"]', '[data-testid="submit-dialog"]');
  await visit(language, 'submit-dialog');
  await closeDialog();

  await app.switchUser('老李');
  await press('[data-testid="nav-review"]', '[data-testid^="queue-item-"]');
  await visit(language, 'review-queue');
  await app.clickUntil('[data-testid^="queue-item-"]', '[data-testid="decisions-table"], [data-testid="review-approve"]');
  await visit(language, 'review');
  for (const [button, dialog] of [['review-approve', 'approve-dialog'], ['review-return', 'return-dialog']]) {
    await app.clickUntil(`[data-testid="${button}"]`, `[data-testid="${dialog}"]`);
    await app.waitFor(() => app.shown(`[data-testid="${dialog}"]`), dialog);
    await visit(language, dialog);
    await closeDialog();
  }

  await press('[data-testid="nav-publish"]', '[data-testid="publish-all"]');
  await visit(language, 'publish');
  await app.clickUntil('[data-testid="publish-all"]', '[data-testid="publish-confirm-message"]');
  await app.waitFor(() => app.shown('[data-testid="publish-confirm"]'), 'the publishing question');
  await visit(language, 'publish-confirm');
  await closeDialog();
  // The harvestable catalogue, at the foot of the Publish screen.
  await app.script(`document.querySelector('[data-testid="catalog-card"]').scrollIntoView({ block: 'end' })`);
  await visit(language, 'publish-catalog');

  await press('[data-testid="nav-settings"]', '[data-testid="settings-users"]');
  await visit(language, 'settings');
  await app.clickUntil('[data-testid="user-add"]', '[data-testid="user-add-dialog"] [data-testid="new-user-name"]');
  await visit(language, 'user-add-dialog');
  await closeDialog();
  await app.script(`document.querySelector('[data-testid="backup-card"]').scrollIntoView({ block: 'start' })`);
  await visit(language, 'backups');
  // Restoring shows what the backup holds first (and restores nothing here).
  await app.clickUntil('[data-testid^="backup-restore-"]', '[data-testid="backup-preview"]');
  await app.waitFor(() => app.shown('[data-testid="backup-preview-facts"]'), 'the backup preview');
  await visit(language, 'restore-preview');
  await closeDialog();

  // Who is acting: the switch dialog asks the passphrase.
  await app.script(`document.querySelector('[data-testid="user-switch"]').click()`);
  await app.waitFor(() => app.shown('[data-testid="user-option-小王"]'), 'the user menu');
  await app.script(`document.querySelector('[data-testid="user-option-小王"]').click()`);
  await app.waitFor(() => app.shown('[data-testid="switch-dialog"] [data-testid="switch-passphrase"]'), 'the switch dialog');
  await visit(language, 'switch-dialog');
  await closeDialog();

  await press('[data-testid="nav-help"]', '[data-testid="help-body"] h1');
  await visit(language, 'help');
  await app.switchUser('小王');
}

test('every screen in Chinese and in English fits the office screen, in words', async () => {
  addUser(cli, workspace, '老李', ['steward']);
  addUser(cli, workspace, '小王', ['clerk'], '老李');
  // A portal (its token in the keyring) and a backup, for the publishing question and the restore preview.
  execFileSync(cli, ['--workspace', workspace, '--as', '老李', 'portal', 'add', 'ckan', '--url', process.env.CKAN_URL, '--org', process.env.CKAN_ORG, '--passphrase-stdin'], {
    input: `${PASSPHRASE}\n${process.env.CKAN_TOKEN}\n`,
  });
  kaifang('backup');
  const list = join(root, 'tests/fixtures/risk/临时救助名单.csv');
  kaifang('--as', '小王', 'import', list, '--name', '临时救助名单');
  // A cleaning step, for the 清洗 tab to show a history.
  kaifang('--as', '小王', 'clean', '1', 'apply', 'split', '家庭住址', '--into', '乡镇', '村');
  kaifang('--as', '小王', 'import', join(root, 'tests/fixtures/import/pipe.txt'), '--name', '村代码表');
  for (const id of ['1', '2']) {
    for (const [field, value] of [
      ['description', '全县临时救助对象名单和行政村代码'],
      ['provider', '某某县民政局'],
      ['theme', 'social_security'],
      ['open_type', 'unconditional'],
      ['frequency', 'monthly'],
    ]) {
      kaifang('--as', '小王', 'meta', 'set', id, field, value);
    }
  }
  kaifang('--as', '小王', 'submit', '2');
  // A third, approved: "publish all approved" has something to ask about.
  kaifang('--as', '小王', 'import', join(root, 'tests/fixtures/import/semicolon.csv'), '--name', '联系名录');
  for (const [field, value] of [
    ['description', '各村联系名录'],
    ['provider', '某某县民政局'],
    ['theme', 'social_security'],
    ['open_type', 'unconditional'],
    ['frequency', 'monthly'],
  ]) {
    kaifang('--as', '小王', 'meta', 'set', '3', field, value);
  }
  kaifang('--as', '小王', 'submit', '3');
  execFileSync(cli, ['--workspace', workspace, '--as', '老李', 'approve', '3', '--passphrase-stdin'], { input: `${PASSPHRASE}\n` });

  // Started with a file, as "Open with" does: the import wizard.
  app = await App.start(['--workspace', workspace, join(root, 'tests/fixtures/import/subsidy_gbk.csv')]);
  await app.waitFor(() => app.shown('[data-testid="first-user-dialog"] [data-testid="first-user-existing"]'), 'the sign-in dialog');
  await useLanguage('zh-CN');
  await visit('zh-CN', 'sign-in');
  await app.signIn('小王');
  const size = await app.script('return { w: screen.width, h: screen.height }');
  assert.deepEqual(size, { w: 1366, h: 768 }, 'the office screen');
  await app.el('[data-testid="import-dialog"]');
  await app.waitFor(() => app.shown('[data-testid="wizard-header-summary"]'), 'the detected header');
  await visit('zh-CN', 'import-wizard');
  await closeDialog();
  await walk('zh-CN');

  await useLanguage('en');
  await app.waitText('[data-testid="page-title"]', 'Help');
  await walk('en');

  // The wizard in English: the language chosen is kept for the next start.
  await app.quit();
  app = await App.start(['--workspace', workspace, join(root, 'tests/fixtures/import/subsidy_gbk.csv')]);
  await app.waitFor(() => app.shown('[data-testid="first-user-dialog"] [data-testid="first-user-existing"]'), 'the sign-in dialog');
  await visit('en', 'sign-in');
  await app.signIn('小王');
  await app.el('[data-testid="import-dialog"]');
  await app.waitFor(() => app.shown('[data-testid="wizard-header-summary"]'), 'the detected header');
  await visit('en', 'import-wizard');

  // A new workspace: the first-run wizard, in English (the language kept) and in Chinese.
  await app.quit();
  app = await App.start(['--workspace', join(scratch, 'fresh.sqlite3')]);
  await app.el('[data-testid="wizard"]');
  const first = (await app.script('return document.documentElement.lang')) === 'en' ? 'en' : 'zh-CN';
  const second = first === 'en' ? 'zh-CN' : 'en';
  await visit(first, 'first-run');
  await app.script(`document.querySelector('[data-testid="wizard-lang-${second === 'en' ? 'en' : 'zh'}"]').click()`);
  await app.waitFor(() => app.script(`return document.documentElement.lang === '${second}'`), second);
  await visit(second, 'first-run');
  assert.deepEqual([...visited.en].sort(), [...visited['zh-CN']].sort(), 'the same screens in both languages');
});
