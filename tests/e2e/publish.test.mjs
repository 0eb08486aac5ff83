// The whole journey in the real window, ending on a real CKAN portal (started on
// loopback by run.sh): import a spreadsheet, fill its metadata, choose how a
// personal column is masked, submit, approve (user switched), connect the portal,
// publish all approved, and find the dataset on the portal through its API with
// exactly the masked bytes.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { App, addUser, PASSPHRASE } from './webdriver.mjs';

const out = process.env.KAIFANG_TEST_OUT;
const scratch = join(process.env.KAIFANG_SCRATCH, 'publish');
const workspace = join(scratch, 'workspace.sqlite3');
mkdirSync(scratch, { recursive: true });
const cli = join(dirname(process.env.KAIFANG_APP), 'kaifang');
const kaifang = (...args) => execFileSync(cli, ['--workspace', workspace, ...args]).toString();
const { CKAN_URL, CKAN_TOKEN, CKAN_ORG } = process.env;
let app;

after(async () => {
  if (app) await app.quit();
});

const PEOPLE = `序号,姓名,身份证号,联系电话,补贴金额
1,张三,11010519491231002X,13812345678,300
2,欧阳娜娜,440524194801010013,13912345678,250
3,李四,130534194503121233,13612345678,280
`;

async function ckan(action, body) {
  const r = await fetch(`${CKAN_URL}/api/3/action/${action}`, {
    method: 'POST',
    headers: { Authorization: CKAN_TOKEN, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return r.json();
}

test('import, describe, mask, submit, approve, publish: the dataset is on the portal, masked', async () => {
  assert.ok(CKAN_URL && CKAN_TOKEN, 'run.sh starts the portal');
  const file = join(scratch, '城乡低保名单.csv');
  writeFileSync(file, PEOPLE);
  // The clerk is the only user so far (so the workspace's steward too): the app
  // offers them and asks their passphrase.
  addUser(cli, workspace, '小王', ['clerk']);
  app = await App.start(['--workspace', workspace, file]);
  await app.signIn('小王');

  // Import: the file the app was opened with goes through the wizard.
  await app.el('[data-testid="import-dialog"]');
  await app.waitFor(() => app.script(`return !!document.querySelector('[data-testid="wizard-start"]:not([disabled])')`), 'the preview');
  await app.startImport();
  await app.el('[data-testid="dataset-view"]', 120000);
  await app.waitText('[data-testid="dataset-total"]', '3');
  await app.waitFor(
    () => app.script(`const d = document.querySelector('[data-testid="import-dialog"]'); return !d || d.offsetParent === null`),
    'the wizard to close',
  );

  // Metadata.
  await app.click('[data-testid="tab-metadata"]');
  await app.el('[data-testid="meta-form"]');
  const title = `journey-${Date.now().toString(36)}`;
  const field = (id) => `[data-testid="meta-field-${id}"] input, [data-testid="meta-field-${id}"] textarea`;
  await app.fill(field('title'), title);
  await app.fill(field('description'), '全县城乡低保对象名单，按月更新。');
  await app.fill(field('provider'), '某某县民政局');
  await app.choose('[data-testid="meta-field-theme"]', 'social_security');
  await app.choose('[data-testid="meta-field-open_type"]', 'unconditional');
  await app.choose('[data-testid="meta-field-frequency"]', 'monthly');
  await app.click('[data-testid="meta-save"]');
  await app.waitFor(async () => JSON.parse(kaifang('meta', 'show', '1', '--json')).values.title === title, 'the saved metadata');

  // Masking: the phone numbers are dropped from the public copy.
  await app.click('[data-testid="tab-sensitive"]');
  await app.el('[data-testid="sensitive-table"]');
  await app.choose('[data-testid="operator-3"]', 'drop');
  await app.waitFor(
    async () => JSON.parse(kaifang('preview', '1', '--rows', '1', '--json')).columns.find((c) => c.name === '联系电话')?.operator === 'drop',
    'the phone column dropped',
  );

  // Three people cannot make groups of the office's k: the reason goes with it.
  await app.submit(null, '低保对象名单依规须公示');
  await app.waitText('[data-testid="status-chip"]', '已提交');

  // A steward is added in Settings, and approves.
  await app.click('[data-testid="nav-settings"]');
  // Settings lays out its cards as they load: the helper retries lost clicks and
  // checks what was typed before saving.
  await app.addUserInSettings('老李', ['steward']);
  await app.switchUser('老李');
  await app.click('[data-testid="nav-review"]');
  await app.click('[data-testid="queue-item-1"]');
  await app.click('[data-testid="review-approve"]');
  await app.click('[data-testid="review-approve-confirm"]');
  await app.waitFor(async () => JSON.parse(kaifang('show', '1', '--json')).summary.status === 'approved', 'the approval');

  // The portal, set up once; "test connection" says it is right.
  await app.click('[data-testid="nav-settings"]');
  await app.el('[data-testid="portal-name"]');
  await app.fill('[data-testid="portal-name"]', 'county');
  await app.fill('[data-testid="portal-url"]', CKAN_URL);
  await app.fill('[data-testid="portal-org"]', CKAN_ORG);
  await app.fill('[data-testid="portal-token"]', CKAN_TOKEN);
  await app.click('[data-testid="portal-save"]');
  await app.el('[data-testid="portal-test"]');
  await app.click('[data-testid="portal-test"]');
  await app.el('[data-testid="portal-test-ok"]', 120000);
  await app.screenshot(join(out, 'portal-settings.png'));

  // One click.
  await app.dialogsClosed();
  await app.click('[data-testid="nav-publish"]');
  await app.click('[data-testid="publish-all"]');
  await app.click('[data-testid="publish-all-confirm"]');
  await app.waitFor(
    () => app.script(`const e = document.querySelector('[data-testid="outbox-row-1"]'); return e && e.getAttribute('data-state') === 'published'`),
    'the dataset published',
    60000,
  );
  await app.screenshot(join(out, 'published.png'));

  // On the portal, through its API: the package, its extras, and the masked bytes.
  const slug = JSON.parse(kaifang('meta', 'show', '1', '--json')).slug;
  const pkg = (await ckan('package_show', { id: slug })).result;
  assert.equal(pkg.title, title);
  assert.equal(pkg.organization.name, CKAN_ORG);
  assert.ok(pkg.extras.some((e) => e.key === 'provider' && e.value === '某某县民政局'), JSON.stringify(pkg.extras));
  const data = pkg.resources.find((r) => r.kaifang_kind === 'data');
  const downloaded = Buffer.from(await (await fetch(data.url, { headers: { Authorization: CKAN_TOKEN } })).arrayBuffer());
  const exported = join(scratch, 'public.csv');
  kaifang('export', '1', '--format', 'csv', '--out', exported);
  assert.deepEqual(downloaded, readFileSync(exported), 'the portal holds the masked export, byte for byte');
  const text = downloaded.toString('utf8');
  assert.ok(!text.includes('13812345678') && !text.includes('11010519491231002X'), 'no personal data reached the portal');
  assert.equal(JSON.parse(kaifang('show', '1', '--json')).summary.status, 'published');

  // The dataset shows where it went.
  await app.dialogsClosed();
  await app.click('[data-testid="nav-datasets"]');
  await app.click('[data-testid="dataset-row"]');
  await app.waitFor(
    async () => ((await app.script(`return document.querySelector('[data-testid="publication-url"]')?.textContent ?? ''`)) ?? '').includes(`/dataset/${slug}`),
    'the portal link on the dataset',
  );
  await app.screenshot(join(out, 'dataset-published.png'));
});
