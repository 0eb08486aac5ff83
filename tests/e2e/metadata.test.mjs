// The metadata form in the real window: every field filled for an imported
// dataset, the data dictionary described, and the completeness reaching 100%.
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
const scratch = join(process.env.KAIFANG_SCRATCH, 'metadata');
const workspace = join(scratch, 'workspace.sqlite3');
mkdirSync(scratch, { recursive: true });
const ENTER = '\uE007';
let app;

after(async () => {
  if (app) await app.quit();
});

const fill = (id, text) => app.fill(`[data-testid="meta-field-${id}"] input, [data-testid="meta-field-${id}"] textarea`, text);
const choose = (id, value) => app.choose(`[data-testid="meta-field-${id}"]`, value);

test('filling the metadata form and the data dictionary reaches 100% completeness', async () => {
  const cli = join(dirname(process.env.KAIFANG_APP), 'kaifang');
  execFileSync(cli, ['--workspace', workspace, 'import', join(fixtures, 'pipe.txt'), '--name', '村代码表'], { stdio: 'ignore' });
  // One person with both roles: the app offers them, and asks their passphrase.
  addUser(cli, workspace, '测试员', ['clerk', 'steward']);
  app = await App.start(['--workspace', workspace]);
  await app.signIn('测试员');
  await app.el('[data-testid="dataset-row"]');
  await app.click('[data-testid="dataset-row"]');
  await app.click('[data-testid="tab-metadata"]');
  await app.el('[data-testid="meta-form"]');

  await fill('description', '全县各行政村的代码与名称，按民政部门登记整理。');
  await fill('resource_code', 'MZ-2024-007');
  await fill('provider', '某某县民政局');
  await choose('theme', 'government');
  await app.type('[data-testid="meta-field-keywords"] input', `村${ENTER}`);
  await app.type('[data-testid="meta-field-keywords"] input', `行政区划${ENTER}`);
  await choose('open_type', 'unconditional');
  await choose('frequency', 'yearly');
  await choose('license', 'cc-by');
  await fill('temporal_start', `2024-01-01${ENTER}`);
  await fill('temporal_end', `2024-12-31${ENTER}`);
  await fill('spatial_code', '520102');
  await fill('spatial_name', '某某县');
  await fill('contact_name', '县民政局区划地名股');
  await fill('contact_phone', '0851-12345678');
  await fill('contact_email', 'mzj@example.gov.cn');
  await app.click('[data-testid="meta-save"]');
  await app.waitFor(async () => (await app.text('[data-testid="meta-completeness"]')).match(/\d+/)?.[0] >= 80, 'the saved form to score');

  // The data dictionary: one description per column.
  for (const [position, text] of [[0, '村的六位代码'], [1, '行政村名称']]) {
    await app.type(`[data-testid="dict-description-${position}"]`, text);
    await app.script(`document.querySelector('[data-testid="dict-description-${position}"]').blur()`);
  }
  await app.waitText('[data-testid="meta-completeness"]', '100');
  const problems = await app.script(`return document.querySelectorAll('[data-testid="meta-problem"]').length`);
  assert.equal(problems, 0, 'no field is marked with a problem');
  await app.screenshot(join(out, 'metadata-complete.png'));

  // What the window saved is what the workspace holds.
  const check = JSON.parse(execFileSync(cli, ['--workspace', workspace, 'meta', 'check', '1', '--json']).toString());
  assert.equal(check.completeness, 100);
  assert.deepEqual(check.problems, []);
  const shown = JSON.parse(execFileSync(cli, ['--workspace', workspace, 'meta', 'show', '1', '--json']).toString());
  assert.deepEqual(shown.values.keywords, ['村', '行政区划']);
  assert.equal(shown.values.theme, 'government');
  assert.equal(shown.values.temporal_end, '2024-12-31');
});
