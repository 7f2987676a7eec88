// Drives the dashboard of a running orchestrator in headless Chromium and checks what a user would see:
// a running job's progress moving, a failing job's error group, and the cancel button cancelling a job.
// Input comes from the environment (set by DashboardBrowserTests); any failed check exits with status 1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const baseUrl = required('BASE_URL');
const token = required('API_TOKEN');
const runningJob = required('RUNNING_JOB');
const failingJob = required('FAILING_JOB');
const screenshots = required('SCREENSHOT_DIR');
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function check(condition, message) {
  if (!condition) throw new Error(message);
  console.log('ok: ' + message);
}

const endedOf = text => Number((text.match(/^([\d,]+)/) || ['', '-1'])[1].replace(/,/g, ''));

const userDataDir = mkdtempSync(join(tmpdir(), 'workunits-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath,
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
  viewport: { width: 1200, height: 900 },
});

try {
  const page = context.pages()[0] ?? await context.newPage();
  page.setDefaultTimeout(30_000);
  const browserErrors = [];
  page.on('pageerror', error => browserErrors.push(error.message));
  page.on('dialog', dialog => dialog.accept());

  // The jobs table lists both jobs with a state and a progress bar.
  await page.goto(baseUrl + '/');
  await page.locator(`tr[data-job-id="${runningJob}"] .bar`).waitFor();
  await page.locator(`tr[data-job-id="${failingJob}"] [data-state]`).waitFor();
  check(true, 'the jobs table shows both jobs with progress bars');

  // A failing job shows its error group with a sample message.
  await page.goto(`${baseUrl}/jobs/${failingJob}`);
  const sample = page.locator('#errors tr[data-fingerprint] .error-message').first();
  await sample.waitFor();
  const message = await sample.textContent();
  check(message.includes('could not read its input'), `the failing job's error group shows its message: "${message}"`);
  const groupCount = await page.locator('#errors tr[data-fingerprint] td.num').first().textContent();
  check(Number(groupCount) > 0, `the error group counts ${groupCount} failed units`);
  await page.locator('#chart svg rect').first().waitFor();
  check(true, 'the throughput chart has bars');
  await page.screenshot({ path: join(screenshots, 'failing-job.png'), fullPage: true });

  // A running job's progress moves on its own, without reloading the page.
  await page.goto(`${baseUrl}/jobs/${runningJob}`);
  const progress = page.locator('#progress-text');
  await progress.waitFor();
  const first = endedOf(await progress.textContent());
  await page.waitForFunction(
    ([selector, before]) => {
      const text = document.querySelector(selector)?.textContent || '';
      return Number((text.match(/^([\d,]+)/) || ['', '-1'])[1].replace(/,/g, '')) > before;
    },
    ['#progress-text', first],
    { timeout: 20_000 });
  const second = endedOf(await progress.textContent());
  check(second > first, `the running job's progress moved from ${first} to ${second} units`);
  await page.screenshot({ path: join(screenshots, 'running-job.png'), fullPage: true });

  // Cancel needs the token; with it, the job ends cancelled.
  await page.fill('#token', token);
  await page.click('#token-form button[type=submit]');
  await page.click('#cancel');
  await page.locator('#state [data-state="cancelled"]').waitFor({ timeout: 30_000 });
  check(true, 'the cancel button cancelled the job');
  check(await page.locator('#cancel').isDisabled(), 'the cancel button is disabled once the job has ended');
  await page.screenshot({ path: join(screenshots, 'cancelled-job.png'), fullPage: true });

  // Retry runs the failing job's failed units again (they fail again: the failure is in their input).
  await page.goto(`${baseUrl}/jobs/${failingJob}`);
  const retry = page.locator('#retry-failed');
  await page.waitForFunction(() => {
    const button = document.querySelector('#retry-failed');
    return button && !button.disabled;
  });
  await retry.click();
  await page.locator('#message', { hasText: 'failed units again' }).waitFor();
  check(true, 'the retry button ran the failed units again');

  // On a phone-sized screen the page does not scroll sideways.
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto(baseUrl + '/');
  await page.locator(`tr[data-job-id="${runningJob}"]`).waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `the jobs page fits a 375 px wide screen (overflow ${overflow} px)`);
  await page.screenshot({ path: join(screenshots, 'jobs-narrow.png'), fullPage: true });

  check(browserErrors.length === 0, `the page raised no script errors ${JSON.stringify(browserErrors)}`);
} finally {
  await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
