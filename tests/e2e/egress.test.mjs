// The egress gate in the real window: resident IDs in a notes column only below
// row 1,500, a column the clerk kept as is; the 敏感字段 tab shows what the gate
// stops, and its one-click fix clears it (checked again from the command line).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { App, addUser } from './webdriver.mjs';

const out = process.env.KAIFANG_TEST_OUT;
const scratch = join(process.env.KAIFANG_SCRATCH, 'egress');
const workspace = join(scratch, 'workspace.sqlite3');
mkdirSync(scratch, { recursive: true });
const cli = join(dirname(process.env.KAIFANG_APP), 'kaifang');
const k = (...args) => execFileSync(cli, ['--workspace', workspace, ...args]).toString();
let app;

after(async () => {
  if (app) await app.quit();
});

const attr = (css, name) =>
  app.script(`const e = document.querySelector(arguments[0]); return e && e.getAttribute(arguments[1])`, [css, name]);
const text = (css) =>
  app.script(`const e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null`, [css]);

test('IDs below row 1,500 stop at the gate, and the fix in the tab clears it', async () => {
  // Synthetic: a valid check digit, a made-up person.
  let csv = '序号,事项,金额,说明\n';
  for (let i = 1; i <= 2000; i++) {
    const note = i <= 1500 ? '无' : `身份证11010519491231002X，已核实`;
    csv += `${i},临时救助,${100 + (i % 50)},${note}\n`;
  }
  const file = join(scratch, '临时救助.csv');
  writeFileSync(file, csv);
  k('import', file);
  addUser(cli, workspace, '测试员', ['clerk', 'steward']);
  // The clerk keeps the column as is (nothing personal showed in the first rows).
  k('policy', 'set', '1', '说明', 'keep');
  const before = spawnSync(cli, ['--workspace', workspace, 'gate', '1', '--json']);
  assert.equal(before.status, 3, 'the gate stops the public copy');

  app = await App.start(['--workspace', workspace]);
  await app.signIn('测试员');
  await app.el('[data-testid="dataset-row"]');
  await app.click('[data-testid="dataset-row"]');
  await app.click('[data-testid="tab-sensitive"]');
  const panel = '[data-testid="egress-panel"]';
  await app.el(panel);
  await app.waitFor(async () => (await attr(panel, 'data-state')) === 'blocked', 'the gate to report the notes column', 120000);
  const column = '[data-testid="egress-column"][data-name="说明"]';
  await app.el(column);
  assert.match(await text(`${column} [data-testid="egress-hits"]`), /500/, 'every hit is counted');
  const example = await text(`${column} [data-testid="egress-example"]`);
  assert.ok(example.includes('1502') && example.includes('110105********002X'), `a masked example with its row (saw ${example})`);
  assert.ok(!(await app.script('return document.body.innerText')).includes('11010519491231002X'), 'no raw ID on screen');
  await app.screenshot(join(out, 'egress-blocked.png'));

  await app.click(`${column} [data-testid="egress-fix-redact"]`);
  await app.waitFor(async () => (await attr(panel, 'data-state')) === 'clear', 'the gate to clear after the fix', 120000);
  await app.screenshot(join(out, 'egress-clear.png'));

  // The office's masking conventions are a real card in Settings.
  await app.click('[data-testid="nav-settings"]');
  await app.el('[data-testid="settings-masking"]');
  await app.el('[data-testid="masking-row-id_card"]');
  // Cards above it load as well: scroll once the page has settled.
  await app.waitFor(async () => !(await app.script(`return !!document.querySelector('.el-skeleton')`)), 'Settings to load');
  await app.script(`document.querySelector('[data-testid="settings-masking"]').scrollIntoView({ block: 'start' })`);
  // The screenshot waits for the scrolling to settle: the card's position is the same twice.
  let lastTop = NaN;
  await app.waitFor(async () => {
    const top = await app.script(`return document.querySelector('[data-testid="settings-masking"]').getBoundingClientRect().top`);
    const settled = top === lastTop;
    lastTop = top;
    return settled;
  }, 'the page to stop scrolling');
  await app.screenshot(join(out, 'settings-masking.png'));

  // The choice reached the workspace: the gate passes and the export holds no ID.
  const after = spawnSync(cli, ['--workspace', workspace, 'gate', '1']);
  assert.equal(after.status, 0, after.stderr.toString());
  const exported = join(scratch, 'public.csv');
  k('export', '1', '--format', 'csv', '--out', exported);
  const body = execFileSync('cat', [exported]).toString();
  assert.ok(!body.includes('11010519491231002X') && body.includes('110105********002X'));
});
