// A small W3C WebDriver client for tauri-driver: enough to open the app, find
// elements, read text, click, type and take screenshots. No dependencies.
import { writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';

/** Every test user's passphrase. */
export const PASSPHRASE = '门前大桥下游过一群鸭';

/**
 * `kaifang user add` with the passphrases on standard input: the acting
 * steward's (`by`; none for a workspace's first user, who becomes its steward),
 * then the new user's.
 */
export function addUser(cli, workspace, name, roles, by) {
  const args = ['--workspace', workspace, ...(by ? ['--as', by] : []), 'user', 'add', name];
  for (const r of roles) args.push('--role', r);
  args.push('--passphrase-stdin');
  const input = (by ? `${PASSPHRASE}\n` : '') + `${PASSPHRASE}\n`;
  execFileSync(cli, args, { input, stdio: ['pipe', 'ignore', 'inherit'] });
}

/**
 * Every wait polls a condition and returns as soon as it holds; its ceiling is
 * only how long a busy machine may take. KAIFANG_E2E_PATIENCE multiplies the
 * ceilings (`make test-e2e-stress` runs with both cores loaded).
 */
const PATIENCE = Number(process.env.KAIFANG_E2E_PATIENCE || 1);
/** The ceiling of a wait that names none: a step of the app, not a long job. */
const STEP_MS = 60000;

const DRIVER = 'http://127.0.0.1:4444';
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

async function call(method, path, body) {
  const res = await fetch(`${DRIVER}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok || (json.value && json.value.error)) {
    const v = json.value || {};
    throw new Error(`WebDriver ${method} ${path}: ${v.error || res.status}: ${v.message || ''}`);
  }
  return json.value;
}

export class App {
  /** Starts the desktop binary with the given arguments. */
  static async start(args = []) {
    const value = await call('POST', '/session', {
      capabilities: { alwaysMatch: { 'tauri:options': { application: process.env.KAIFANG_APP, args } } },
    });
    const app = new App(value.sessionId);
    // The first page is a blank one the web view shows before the app's own.
    await app.waitFor(
      () => app.script("return location.protocol === 'tauri:' && document.readyState === 'complete'"),
      'the app page to load',
    );
    return app;
  }

  constructor(id) {
    this.id = id;
  }

  s(path) {
    return `/session/${this.id}${path}`;
  }

  async quit() {
    await call('DELETE', this.s(''));
  }

  /** The window's place and size on the screen: { x, y, width, height }. */
  async windowRect() {
    return call('GET', this.s('/window/rect'));
  }

  /**
   * Submits the dataset shown: the button, then the summary's confirmation.
   * `riskReason`: a list below the office's k goes with a reason, typed into
   * the dialog once it asks for one.
   */
  async submit(shot = null, riskReason = null) {
    await this.click('[data-testid="submit-dataset"]');
    await this.waitFor(() => this.shown('[data-testid="submit-dialog"] [data-testid="decisions-summary"]'), 'the submission summary');
    if (riskReason) {
      await this.waitFor(() => this.shown('[data-testid="submit-risk-reason"]'), 'the question for a reason');
      await this.typeExactly('[data-testid="submit-risk-reason"]', riskReason);
    }
    if (shot) await this.screenshot(shot);
    await this.click('[data-testid="submit-confirm"]');
    // The dialog closes (also when the submission is refused: the banner says why).
    await this.dialogsClosed();
  }

  /** Polls until `fn` returns a truthy value or `ms` pass; the last error is kept. */
  async waitFor(fn, what, ms = STEP_MS) {
    const end = Date.now() + ms * PATIENCE;
    let last;
    while (Date.now() < end) {
      try {
        const v = await fn();
        if (v) return v;
      } catch (e) {
        last = e;
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
  }

  async find(css) {
    const el = await call('POST', this.s('/element'), { using: 'css selector', value: css });
    return el[ELEMENT];
  }

  async findAll(css) {
    const els = await call('POST', this.s('/elements'), { using: 'css selector', value: css });
    return els.map((e) => e[ELEMENT]);
  }

  /** Waits for an element matching `css` and returns its id. */
  async el(css, ms) {
    return this.waitFor(() => this.find(css), css, ms);
  }

  async text(css) {
    const id = await this.el(css);
    return call('GET', this.s(`/element/${id}/text`));
  }

  /** Waits until the element's text contains `expected`; returns the text. */
  async waitText(css, expected, ms) {
    let seen = '';
    try {
      return await this.waitFor(async () => {
        seen = await this.text(css);
        return seen.includes(expected) ? seen : null;
      }, `"${expected}" in ${css}`, ms);
    } catch (e) {
      throw new Error(`${e.message}; last text: ${JSON.stringify(seen)}`);
    }
  }

  /**
   * Clicks `css`. A click that something else would receive (a dialog's mask
   * still fading out, a message sliding in: WebDriver refuses it as
   * "intercepted", and performs nothing) or that finds the element between
   * renders is tried again until STEP_MS: under load, such a moment lasts
   * longer than the window's own animation.
   */
  async click(css) {
    const end = Date.now() + STEP_MS;
    for (;;) {
      try {
        const id = await this.el(css);
        await call('POST', this.s(`/element/${id}/click`), {});
        return;
      } catch (e) {
        const transient = /intercepted|not interactable|stale element/.test(String(e.message));
        if (!transient || Date.now() > end) throw e;
        await new Promise((r) => setTimeout(r, 150));
      }
    }
  }

  /** Clicks `css` until `shown` appears (opening a dialog is safe to repeat). */
  async clickUntil(css, shown, ms = STEP_MS) {
    await this.waitFor(async () => {
      await this.click(css);
      const end = Date.now() + 2000;
      while (Date.now() < end) {
        const found = await this.find(shown).catch(() => null);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 150));
      }
      return null;
    }, `${shown} after clicking ${css}`, ms);
  }

  async type(css, text) {
    const id = await this.el(css);
    await call('POST', this.s(`/element/${id}/value`), { text });
  }

  /**
   * Presses a key chord as the keyboard would (WebDriver actions): `keys` are
   * held down in order, then let go in reverse (Ctrl is \uE009, Shift \uE008).
   */
  async chord(...keys) {
    const actions = [...keys.map((value) => ({ type: 'keyDown', value })), ...[...keys].reverse().map((value) => ({ type: 'keyUp', value }))];
    await call('POST', this.s('/actions'), { actions: [{ type: 'key', id: 'keyboard', actions }] });
    await call('DELETE', this.s('/actions'));
  }

  async script(source, args = []) {
    return call('POST', this.s('/execute/sync'), { script: source, args });
  }

  /** Runs `source` with a `done` callback as its last argument; returns what it passes. */
  async scriptAsync(source, args = []) {
    return call('POST', this.s('/execute/async'), { script: source, args });
  }

  async screenshot(file) {
    const png = await call('GET', this.s('/screenshot'));
    await writeFile(file, Buffer.from(png, 'base64'));
  }

  // Steps on Element Plus widgets that several tests take.

  /** Opens the select in `selectCss` and picks the visible option with `data-value`. */
  async choose(selectCss, value) {
    const visible = `Array.from(document.querySelectorAll('.el-select-dropdown__item[data-value="' + arguments[0] + '"]')).filter(e => e.offsetParent !== null)`;
    await this.pick(selectCss, visible, value, `option ${value}`);
  }

  /** The same, for options told apart by their text. */
  async chooseByText(selectCss, text) {
    const visible = `Array.from(document.querySelectorAll('.el-select-dropdown__item')).filter(e => e.offsetParent !== null && e.textContent.includes(arguments[0]))`;
    await this.pick(selectCss, visible, text, `option ${text}`);
  }

  /**
   * Opens the select and clicks the first option `visible` (a script listing
   * the shown options, given `arg`) finds. A select that opens by itself when a
   * dialog focuses it is closed again by a click that lands just after: the list
   * is opened only when it is not open, and again if a click closed it.
   */
  async pick(selectCss, visible, arg, what) {
    // Found and clicked in one script: under load the list can close between
    // a script that sees the option and a later one that clicks it.
    const clicked = () => this.script(`const e = ${visible}[0]; if (!e) return false; e.click(); return true;`, [arg]);
    await this.waitFor(async () => {
      if (await clicked()) return true;
      await this.click(`${selectCss} .el-select__wrapper`);
      const end = Date.now() + 2000;
      while (Date.now() < end) {
        if (await clicked()) return true;
        await new Promise((r) => setTimeout(r, 150));
      }
      return null;
    }, what);
  }

  /** Replaces what an input holds with `text`, typed. */
  async fill(css, text) {
    await this.click(css);
    await this.script(`const e = document.querySelector(arguments[0]); e.value = ''; e.dispatchEvent(new Event('input', { bubbles: true }));`, [css]);
    await this.type(css, text);
  }

  /**
   * Types `text` into an input until it holds exactly that. Under load WebKit may
   * drop keys sent while an opening dialog moves the focus; a field found short
   * is emptied and typed again, so a test never saves what nobody typed.
   */
  async typeExactly(css, text) {
    await this.waitFor(async () => {
      await this.fill(css, text);
      const now = await this.script(`return document.querySelector(arguments[0])?.value ?? null`, [css]);
      return now === text;
    }, `${css} to hold what was typed`);
  }

  /**
   * Adds a user in Settings (用户和角色): the name, the roles and their
   * passphrase typed twice, then waits for their row. When the dialog refuses
   * to save, its messages are the error.
   */
  async addUserInSettings(name, roles, passphrase = PASSPHRASE) {
    const dialog = '[data-testid="user-add-dialog"]';
    await this.clickUntil('[data-testid="user-add"]', `${dialog} [data-testid="new-user-name"]`);
    await this.waitFor(() => this.shown(`${dialog} [data-testid="new-user-name"]`), 'the add-user dialog');
    await this.typeExactly(`${dialog} [data-testid="new-user-name"]`, name);
    // A click that lands while the dialog still opens is lost: tried until checked.
    for (const role of roles) {
      await this.clickUntil(`${dialog} [data-testid="new-user-role-${role}"]`, `${dialog} [data-testid="new-user-role-${role}"].is-checked`);
    }
    await this.typeExactly(`${dialog} [data-testid="new-user-passphrase"]`, passphrase);
    await this.typeExactly(`${dialog} [data-testid="new-user-passphrase-repeat"]`, passphrase);
    await this.click(`${dialog} [data-testid="new-user-save"]`);
    const row = `[data-testid="user-row-${name}"]`;
    const refused = () =>
      this.script(
        `const d = document.querySelector(arguments[0]); if (!d || d.offsetParent === null) return '';
         return Array.from(d.querySelectorAll('[role="alert"]')).map(e => e.textContent.trim()).filter(Boolean).join(' | ')`,
        [dialog],
      );
    await this.waitFor(async () => {
      if (await this.find(row).catch(() => null)) return true;
      const why = await refused();
      if (why) throw new Error(`the new user was not saved: ${why}`);
      return false;
    }, row).catch(async (e) => {
      const why = await refused().catch(() => '');
      throw why ? new Error(`the new user was not saved: ${why}`) : e;
    });
    await this.dialogsClosed();
  }

  /** Waits until no dialog (or its fading overlay) covers the window. */
  async dialogsClosed() {
    await this.waitFor(() => this.script(`return !document.querySelector('.el-overlay:not([style*="display: none"])')`), 'dialogs to close');
  }

  /** Whether an element is on the page and shown. */
  async shown(css) {
    return this.script(`const e = document.querySelector(arguments[0]); return !!e && e.offsetParent !== null`, [css]);
  }

  /** Signs in at start-up: the dialog asks who is using the app (the one chosen
   * last time, or the only user, is offered) and their passphrase. */
  async signIn(name, passphrase = PASSPHRASE, shot = null) {
    const dialog = '[data-testid="first-user-dialog"]';
    await this.waitFor(() => this.shown(`${dialog} [data-testid="first-user-existing"]`), 'the sign-in dialog', 30000);
    // The user chosen last time is filled in just after the dialog shows (and
    // the focus then moves to the passphrase, closing a list opened meanwhile).
    const selected = `${dialog} [data-testid="first-user-existing"] .el-select__selected-item:not(.is-transparent)`;
    const offered = () => this.script(`return document.querySelector(arguments[0])?.textContent ?? ''`, [selected]);
    const settled = Date.now() + 1500;
    let who = await offered();
    while (!who && Date.now() < settled) {
      await new Promise((r) => setTimeout(r, 150));
      who = await offered();
    }
    if (!who.includes(name)) await this.chooseByText(`${dialog} [data-testid="first-user-existing"]`, name);
    await this.waitFor(() => this.shown(`${dialog} [data-testid="switch-passphrase"]`), 'the passphrase field');
    await this.typeExactly(`${dialog} [data-testid="switch-passphrase"]`, passphrase);
    if (shot) await this.screenshot(shot);
    await this.click('[data-testid="first-user-continue"]');
    await this.waitText('[data-testid="current-user"]', name);
    // Only this dialog: a file the app was started with opens its own next.
    await this.waitFor(async () => !(await this.shown(dialog)), 'the sign-in dialog to close');
  }

  /**
   * Starts the import the wizard shows. Through the DOM, and again while the
   * button is still there: a click can land on a list still fading out (the
   * sheet picker's) and be lost. Once the import runs the button is gone.
   */
  async startImport() {
    await this.waitFor(async () => {
      await this.script(`document.querySelector('[data-testid="wizard-start"]:not([disabled])')?.click()`);
      const end = Date.now() + 2000;
      while (Date.now() < end) {
        if (!(await this.script(`return !!document.querySelector('[data-testid="wizard-start"]')`))) return true;
        await new Promise((r) => setTimeout(r, 150));
      }
      return false;
    }, 'the import to start');
  }

  /** Acts as another user, through the top bar's menu and their passphrase. */
  async switchUser(name, passphrase = PASSPHRASE) {
    // Through the DOM: a dialog that just closed may still be fading over the top
    // bar, and the menu is still sliding in when its entry is clicked.
    await this.dialogsClosed();
    await this.script(`document.querySelector('[data-testid="user-switch"]').click()`);
    await this.waitFor(() => this.shown(`[data-testid="user-option-${name}"]`), `the menu entry for ${name}`);
    await this.script(`document.querySelector(arguments[0]).click()`, [`[data-testid="user-option-${name}"]`]);
    const field = '[data-testid="switch-dialog"] [data-testid="switch-passphrase"]';
    await this.waitFor(() => this.shown(field), `the passphrase of ${name}`);
    // Keys typed while the dialog still opens can be lost, and so can a click:
    // the field is typed until it holds the passphrase, and the submit clicked
    // again while the top bar does not name them yet.
    await this.typeExactly(field, passphrase);
    const signedIn = async () => (await this.script(`return document.querySelector('[data-testid="current-user"]')?.textContent.trim() ?? ''`)) === name;
    await this.waitFor(async () => {
      if (await signedIn()) return true;
      await this.script(`document.querySelector('[data-testid="switch-dialog"] [data-testid="switch-submit"]')?.click()`);
      const end = Date.now() + 3000;
      while (Date.now() < end) {
        if (await signedIn()) return true;
        await new Promise((r) => setTimeout(r, 150));
      }
      return false;
    }, `${name} in [data-testid="current-user"]`);
    await this.dialogsClosed();
  }

  /** Types the passphrase into the unlock dialog a steward action opened. */
  async unlock(passphrase = PASSPHRASE, shot = null) {
    await this.waitFor(() => this.shown('[data-testid="unlock-passphrase"]'), 'the unlock dialog');
    if (shot) await this.screenshot(shot);
    await this.typeExactly('[data-testid="unlock-passphrase"]', passphrase);
    await this.click('[data-testid="unlock-submit"]');
    await this.waitFor(async () => !(await this.shown('[data-testid="unlock-dialog"]')), 'the unlock dialog to close');
  }
}
