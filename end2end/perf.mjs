// Main-thread figures of a page on an emulated phone (not a test): long tasks and total blocking
// time while it loads and settles, with the CPU slowed 4x as Lighthouse's mobile run does.
// BASE=http://127.0.0.1:3103 node perf.mjs /air [runs]
import { chromium } from '@playwright/test';
const [path = '/air', runs = '5'] = process.argv.slice(2);
const base = process.env.BASE || 'http://127.0.0.1:3103';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const figures = [];
for (let run = 0; run < Number(runs); run++) {
  const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.addInitScript(() => {
    window.__long = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push(e.duration); })
      .observe({ type: 'longtask', buffered: true });
  });
  await page.goto(base + path, { waitUntil: 'load' });
  await page.waitForTimeout(4000);
  const long = await page.evaluate(() => window.__long);
  const tbt = long.reduce((sum, d) => sum + Math.max(0, d - 50), 0);
  figures.push({ longest: Math.round(Math.max(0, ...long)), tasks: long.length, tbt: Math.round(tbt) });
  await ctx.close();
}
await browser.close();
const median = (k) => figures.map((f) => f[k]).sort((a, b) => a - b)[Math.floor(figures.length / 2)];
console.log(JSON.stringify({ path, runs: figures, median: { longest: median('longest'), tbt: median('tbt') } }));
