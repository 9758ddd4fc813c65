// Ad-hoc screenshots for looking at pages (not a test): BASE=http://127.0.0.1:3200 [SESSION=cookie] node shot.mjs URLPATH out.png width [lang] [size] [js]
import { chromium } from '@playwright/test';
const [path, out, width = '390', lang = 'ko', size = 'standard', js = '1'] = process.argv.slice(2);
const base = process.env.BASE || 'http://127.0.0.1:3200';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const ctx = await browser.newContext({ viewport: { width: Number(width), height: 844 }, javaScriptEnabled: js === '1', bypassCSP: true });
if (process.env.SESSION) await ctx.addCookies([{ name: 'dongne_session', value: process.env.SESSION, url: base }]);
await ctx.addCookies([{ name: 'lang', value: lang, url: base }, { name: 'size', value: size, url: base }]);
const page = await ctx.newPage();
await page.goto(base + path);
if (process.env.CSS) await page.addStyleTag({ content: process.env.CSS });
await page.waitForTimeout(500);
const h = await page.locator('header.site-header').boundingBox();
console.log('header', JSON.stringify(h));
await page.screenshot(process.env.CLIP ? { path: out, clip: { x: 0, y: 0, width: Number(width), height: Number(process.env.CLIP) } } : { path: out, fullPage: true });
await browser.close();
