// Browser tests run in Debian's chromium against a server started by end2end/run.sh.
import { defineConfig } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Every spec listens for page errors, console errors, failed requests and sleeping islands
// (fixtures.ts); one that took `test` straight from Playwright would silently not.
for (const file of readdirSync(join(__dirname, 'tests')).filter((f) => f.endsWith('.ts'))) {
  const source = readFileSync(join(__dirname, 'tests', file), 'utf8');
  if (/import\s*\{[^}]*\btest\b[^}]*\}\s*from\s*'@playwright\/test'/.test(source)) {
    throw new Error(`end2end/tests/${file}: take \`test\` from '../fixtures', not from '@playwright/test'`);
  }
}

const chromium = {
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
         '--disable-sync', '--no-first-run', '--disable-quic'],
};

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 7_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: process.env.BASE_URL || 'http://127.0.0.1:3100',
    launchOptions: chromium,
    locale: 'ko-KR',
    trace: 'off',
  },
  projects: [
    { name: 'desktop', use: { viewport: { width: 1280, height: 900 } } },
    { name: 'phone', use: { viewport: { width: 390, height: 844 }, hasTouch: true } },
  ],
});
