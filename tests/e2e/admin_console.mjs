// The admin console in a real browser: Debian's headless chromium driven by playwright-core.
// Run by test_admin_console.sh with BASE (server URL), ADMIN_USER / ADMIN_PASS (a password user)
// and SCREENS (where the screenshots go). Tests run in order and share one logged-in page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE = process.env.BASE;
const SCREENS = process.env.SCREENS;
const ADMIN_USER = process.env.ADMIN_USER;
const ADMIN_PASS = process.env.ADMIN_PASS;
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const ROBOT = 'APIROBOT';
const ROBOT_PASS = 'robot-pass-1';

let browser, context, page;
const keys = {};

// A screenshot without the transient status toast (it would cover buttons in the docs).
async function shot(name) {
  await page.evaluate(() => document.getElementById('status').classList.remove('show'));
  await page.waitForTimeout(300);
  await page.screenshot({ path: join(SCREENS, name), fullPage: true });
}

// Runs a shell command line (the copied cURL) and returns curl's HTTP status.
function runCurl(cmd) {
  return new Promise((resolve, reject) => {
    execFile('bash', ['-c', `${cmd} -sS -o /dev/null -w '%{http_code}'`], { timeout: 30000 },
             (err, stdout, stderr) => (err ? reject(new Error(stderr || err.message))
                                           : resolve(stdout.trim())));
  });
}

async function clipboard(p) {
  try {
    return await p.evaluate(() => navigator.clipboard.readText());
  } catch (e) {
    console.log(`# clipboard unreadable (${e.message}): checking the page's text instead`);
    return null;
  }
}

before(async () => {
  mkdirSync(SCREENS, { recursive: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  context = await browser.newContext({ acceptDownloads: true,
                                       viewport: { width: 1280, height: 820 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
  page = await context.newPage();
  page.on('dialog', (d) => d.accept());  // the confirmations of Generate / Revoke
});

after(async () => {
  if (browser) await browser.close();
});

test('the login screen is served and labelled', async () => {
  await page.goto(BASE + '/admin');
  await page.locator('#login-form').waitFor({ state: 'visible' });
  assert.equal(await page.getByLabel('User name', { exact: true }).count(), 1);
  assert.equal(await page.getByLabel('Password', { exact: true }).count(), 1);
  await shot('01-login.png');
});

test('a wrong password shows an error', async () => {
  await page.getByLabel('User name', { exact: true }).fill(ADMIN_USER);
  await page.getByLabel('Password', { exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.locator('#login-error').waitFor({ state: 'visible' });
  assert.match(await page.locator('#login-error').textContent(), /Invalid user name or password/);
});

test('log in with the keyboard; focus is visible', async () => {
  await page.getByLabel('User name', { exact: true }).focus();
  await page.keyboard.press('Tab');  // to the password field
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none', 'a keyboard-focused field shows an outline');
  await page.keyboard.type(ADMIN_PASS);
  await page.keyboard.press('Enter');
  await page.locator('#users-view').waitFor({ state: 'visible' });
  assert.match(await page.locator('#who-text').textContent(), new RegExp(ADMIN_USER));
  await page.locator(`#user-rows tr[data-code="${ADMIN_USER}"]`).waitFor();
  await shot('02-maintain-user.png');
});

test('create a user', async () => {
  await page.getByRole('button', { name: 'New user' }).click();
  await page.getByLabel('Code', { exact: true }).fill(ROBOT.toLowerCase());
  await page.locator('#new-name').fill('Integration robot');
  await page.locator('#new-password').fill(ROBOT_PASS);
  await shot('03-new-user.png');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.locator(`#user-rows tr[data-code="${ROBOT}"]`).waitFor();
  await page.locator('#user-detail').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#detail-code').textContent(), ROBOT);
  assert.match(await page.locator('#key-status').textContent(), /No API secret key/);
});

test('edit the name', async () => {
  await page.locator('#edit-name').fill('Integration robot (n8n)');
  await page.getByRole('button', { name: 'Save name' }).click();
  await page.locator(`#user-rows tr[data-code="${ROBOT}"] td:nth-child(2)`, {
    hasText: 'Integration robot (n8n)' }).waitFor();
});

test('generate a key: both keys shown once with Copy buttons and the warning', async () => {
  await page.getByRole('button', { name: 'Generate' }).click();
  await page.locator('#new-keys').waitFor({ state: 'visible' });
  keys.ak = await page.getByLabel('Access Key', { exact: true }).inputValue();
  keys.sk = await page.getByLabel('Secret Key', { exact: true }).inputValue();
  assert.match(keys.ak, new RegExp(`^[0-9a-f]{32}\\.main/${ROBOT}$`));
  assert.match(keys.sk, /^[0-9a-f]{64}$/);
  const warning = await page.locator('#new-keys .warning').textContent();
  assert.match(warning, /will not be shown\s+again/);
  assert.match(warning, /can no longer log in with a password/);
  await page.getByRole('button', { name: 'Copy Secret Key' }).click();
  const clip = await clipboard(page);
  if (clip !== null) assert.equal(clip, keys.sk, 'Copy puts the secret key on the clipboard');
  await shot('04-key-generated.png');
});

test('Test Connection: the server signs GET /agent with the new pair', async () => {
  await page.getByRole('button', { name: 'Test Connection' }).click();
  await page.locator('#test-summary .ok').waitFor();
  const summary = await page.locator('#test-summary').textContent();
  assert.match(summary, /Connected: GET .*\/agent → HTTP 200/);
  assert.match(await page.locator('#test-body').textContent(), /"pagination"/);
  await shot('05-test-connection.png');
});

test('Copy cURL gives a command that works', async () => {
  await page.getByRole('button', { name: 'Copy cURL' }).click();
  await page.locator('#curl-box').waitFor({ state: 'visible' });
  const shown = await page.locator('#curl-command').inputValue();
  const clip = await clipboard(page);
  const cmd = clip !== null ? clip : shown;
  assert.equal(cmd, shown);
  assert.ok(cmd.startsWith('curl --aws-sigv4 "aws:amz:ap-southeast-5:sqlaccount" --user "'), cmd);
  assert.ok(cmd.includes(`${keys.ak}:${keys.sk}`));
  assert.equal(await runCurl(cmd), '200');
  await shot('06-copy-curl.png');
});

test('Download Postman Collection', async () => {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download Postman Collection' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'postman_collection.json');
  const file = await download.path();
  const collection = JSON.parse(readFileSync(file, 'utf8'));
  const vars = new Set((collection.variable || []).map((v) => v.key));
  assert.ok(vars.has('your_access_key') && vars.has('your_secret_key'), [...vars].join(','));
  assert.ok(Array.isArray(collection.item) && collection.item.length > 0);
});

test('the API-key user is refused a password login', async () => {
  const other = await browser.newContext({ viewport: { width: 1280, height: 820 } });
  const p = await other.newPage();
  await p.goto(BASE + '/admin');
  await p.getByLabel('User name', { exact: true }).fill(ROBOT);
  await p.getByLabel('Password', { exact: true }).fill(ROBOT_PASS);
  await p.getByRole('button', { name: 'Log in' }).click();
  await p.locator('#login-error').waitFor({ state: 'visible' });
  assert.match(await p.locator('#login-error').textContent(), /API users cannot log in/);
  assert.equal(await p.locator('#users-view').isVisible(), false);
  await p.screenshot({ path: join(SCREENS, '07-api-user-refused.png'), fullPage: true });
  await other.close();
});

test('revoke: the key stops working', async () => {
  await page.getByRole('button', { name: 'Revoke' }).click();
  await page.locator('#key-status', { hasText: 'No API secret key' }).waitFor();
  assert.equal(await page.locator('#new-keys').isVisible(), false);
  assert.equal(await page.getByRole('button', { name: 'Test Connection' }).isDisabled(), true);
  const cmd = `curl --aws-sigv4 "aws:amz:ap-southeast-5:sqlaccount" --user "${keys.ak}:${keys.sk}" ${BASE}/agent`;
  assert.equal(await runCurl(cmd), '401');
  await shot('08-revoked.png');
});

test('log out', async () => {
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.locator('#login-form').waitFor({ state: 'visible' });
  const r = await page.evaluate(async () => (await fetch('/admin/api/session')).status);
  assert.equal(r, 401);
});
