// Two offices, two windows, one USB stick: the clerk's submission travels
// encrypted to the steward's office, the steward double-clicks it, signs in and
// approves it in the window; the signed decision goes back, the clerk's window
// opens it, and the clerk's workspace recognises the steward's key.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, addUser, PASSPHRASE } from './webdriver.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = resolve(here, '../fixtures/import');
const out = process.env.KAIFANG_TEST_OUT;
const scratch = join(process.env.KAIFANG_SCRATCH, 'bundles');
mkdirSync(scratch, { recursive: true });
const cli = join(dirname(process.env.KAIFANG_APP), 'kaifang');
const clerkWs = join(scratch, 'clerk.sqlite3');
const stewardWs = join(scratch, 'steward.sqlite3');
/** The CLI on a workspace as a user; `input` goes to stdin (passphrases). */
const k = (ws, user, args, input) =>
  execFileSync(cli, ['--workspace', ws, '--as', user, ...args], input === undefined ? {} : { input }).toString();
let app;

after(async () => {
  if (app) await app.quit();
});

test('a submission goes to the steward encrypted and the signed decision comes back', async () => {
  // Each office sets up its workspace; the steward's office key reaches the clerk,
  // its fingerprint compared by phone.
  addUser(cli, stewardWs, '老李', ['steward']);
  addUser(cli, clerkWs, '小王', ['clerk']);
  const keyFile = join(scratch, '老李.kaifang-key');
  const key = JSON.parse(k(stewardWs, '老李', ['key', 'export', '--json', '--out', keyFile]));
  k(clerkWs, '小王', ['key', 'import', keyFile, '--fingerprint', key.fingerprint, '--passphrase-stdin'], `${PASSPHRASE}\n`);

  // The clerk's dataset, described and submitted, goes on the stick.
  k(clerkWs, '小王', ['import', join(fixtures, 'pipe.txt'), '--name', '村代码表']);
  for (const [field, value] of [
    ['description', '村代码'],
    ['provider', '某某县民政局'],
    ['theme', 'government'],
    ['open_type', 'unconditional'],
    ['frequency', 'yearly'],
  ]) {
    k(clerkWs, '小王', ['meta', 'set', '1', field, value]);
  }
  k(clerkWs, '小王', ['submit', '1']);
  const submission = join(scratch, '审核包.kaifang');
  k(clerkWs, '小王', ['bundle', 'export', '1', '--out', submission]);
  assert.ok(readFileSync(submission).subarray(0, 21).toString() === 'age-encryption.org/v1', 'the stick carries it encrypted');

  // The steward double-clicks the file: the window signs them in, then opens it.
  app = await App.start(['--workspace', stewardWs, submission]);
  await app.signIn('老李', PASSPHRASE, join(out, 'sign-in.png'));
  await app.el('[data-testid="bundle-report"]', 120000);
  await app.waitFor(async () => (await app.script(`return document.querySelectorAll('[data-testid="bundle-report-item"]').length`)) === 1, 'the report');
  await app.screenshot(join(out, 'bundle-arrived.png'));
  await app.click('[data-testid="bundle-report-close"]');
  await app.dialogsClosed();
  const queue = JSON.parse(k(stewardWs, '老李', ['queue', '--json'])).queue;
  assert.equal(queue.length, 1);
  assert.equal(queue[0].submitted_by, '小王', 'the submission keeps its author');
  await app.click('[data-testid="nav-review"]');
  await app.click(`[data-testid="queue-item-${queue[0].dataset}"]`);
  await app.el('[data-testid="review-view"]');
  await app.click('[data-testid="review-approve"]');
  await app.click('[data-testid="review-approve-confirm"]');
  await app.waitFor(() => JSON.parse(k(stewardWs, '老李', ['show', String(queue[0].dataset), '--json'])).summary.status === 'approved', 'the approval');
  await app.quit();
  app = undefined;

  // The decision goes back: no data in it, signed.
  const decisions = join(scratch, '审核结果.kaifang');
  k(stewardWs, '老李', ['bundle', 'export', String(queue[0].dataset), '--decisions', '--out', decisions]);
  app = await App.start(['--workspace', clerkWs, decisions]);
  await app.signIn('小王');
  await app.el('[data-testid="bundle-report"]', 120000);
  await app.waitFor(() => JSON.parse(k(clerkWs, '小王', ['show', '1', '--json'])).summary.status === 'approved', 'the decision applied');
  await app.screenshot(join(out, 'decision-applied.png'));
  // Settings shows whose key this office trusts, with the fingerprint to compare.
  await app.click('[data-testid="bundle-report-close"]');
  await app.dialogsClosed();
  await app.click('[data-testid="nav-settings"]');
  await app.waitText('[data-testid="settings-keys"]', key.fingerprint);
  await app.script(`document.querySelector('[data-testid="settings-keys"]').scrollIntoView()`);
  await app.screenshot(join(out, 'settings-keys.png'));
  const last = JSON.parse(k(clerkWs, '小王', ['history', '1', '--json'])).history.at(-1);
  assert.deepEqual([last.action, last.actor], ['approve', '老李'], 'recorded under the key’s steward');
  execFileSync(cli, ['--workspace', clerkWs, 'audit', 'verify']);
  execFileSync(cli, ['--workspace', stewardWs, 'audit', 'verify']);
});
