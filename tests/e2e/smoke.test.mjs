// The real desktop window: opens on the dataset list in Chinese (the OS locale
// here is zh_CN), switches to English, and keeps the choice.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { App } from './webdriver.mjs';

const out = process.env.KAIFANG_TEST_OUT;
const workspace = join(process.env.KAIFANG_SCRATCH, 'smoke', 'workspace.sqlite3');
let app;

after(async () => {
  if (app) await app.quit();
});

test('the window opens on the dataset list in Chinese and switches to English', async () => {
  app = await App.start(['--workspace', workspace]);

  // First start: the app asks who is using it, and cannot be used before.
  await app.el('[data-testid="first-user-dialog"]');
  await app.screenshot(join(out, 'first-user.png'));
  await app.click('[data-testid="first-user-save"]');
  await app.el('[data-testid="first-user-dialog"] [role="alert"]');
  await app.type('[data-testid="first-user-name"]', '王小明');
  await app.click('[data-testid="first-user-role-clerk"]');
  await app.click('[data-testid="first-user-role-steward"]');
  await app.click('[data-testid="first-user-save"]');
  await app.waitText('[data-testid="current-user"]', '王小明');

  await app.waitText('[data-testid="page-title"]', '数据集');
  const empty = await app.text('[data-testid="empty-state"]');
  assert.match(empty, /导入/, 'the empty state must point to importing a spreadsheet');
  const path = await app.text('[data-testid="workspace-path"]');
  assert.ok(path.includes('workspace.sqlite3'), `the workspace path is shown (saw ${JSON.stringify(path)})`);
  assert.ok(existsSync(workspace), 'the app created the workspace file it shows');
  await app.screenshot(join(out, 'dataset-list-zh.png'));

  await app.click('[data-testid="lang-switch"]');
  await app.waitText('[data-testid="page-title"]', 'Datasets');
  const emptyEn = await app.text('[data-testid="empty-state"]');
  assert.match(emptyEn, /[Ii]mport/, 'the empty state is translated');
  assert.doesNotMatch(emptyEn, /导入/, 'no Chinese left in the English empty state');
  const lang = await app.script('return document.documentElement.lang');
  assert.equal(lang, 'en', 'the document language follows the switch');
  await app.screenshot(join(out, 'dataset-list-en.png'));
});

test('the web view cannot reach the network or run injected inline scripts', async () => {
  assert.ok(app, 'the first test started the app');
  // connect-src allows only Tauri's IPC: a fetch to any other origin is blocked.
  const fetched = await app.scriptAsync(`
    const done = arguments[arguments.length - 1];
    fetch('http://127.0.0.1:4444/status').then(() => done('reached'), () => done('blocked'));
  `);
  assert.equal(fetched, 'blocked', 'CSP must block requests outside the IPC channel');
  // script-src 'self': an injected inline script must not run.
  const ran = await app.script(`
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.body.appendChild(s);
    return window.__injected === true;
  `);
  assert.equal(ran, false, 'CSP must block inline scripts');
  const frozen = await app.script('return Object.isFrozen(Object.prototype) && Object.isFrozen(Function.prototype)');
  assert.equal(frozen, true, 'built-in prototypes are frozen against pollution (ui/src/harden.ts)');
  const globalTauri = await app.script('return typeof window.__TAURI__');
  assert.equal(globalTauri, 'undefined', 'no global Tauri object for injected code to use');
});
