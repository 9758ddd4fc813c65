// The layout holds at every text size (글자 크기) and in both languages: no page is wider than the
// screen, the header stays usable, and what a finger taps is at least 24 x 24 px (WCAG 2.5.8).
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect, visit } from '../fixtures';
import { SearchPage } from '../pages/search-page';
import { SiteHeader, TEXT_SIZES, TextSize } from '../pages/site-header';

const LANGUAGES = ['ko', 'en'] as const;

const pages: { path: string; status?: number }[] = [
  { path: '/' },
  { path: '/courses' },
  { path: `/courses?q=${encodeURIComponent('미술')}&subject=arts&level=beginner` },
  { path: '/courses?page=0', status: 400 },
  { path: '/courses/1' },
  { path: '/learn/district' },
  { path: '/crowd' },
  { path: '/crowd/wangsimni-station' },
  { path: '/no-such-page', status: 404 },
];

async function readAs(context: BrowserContext, baseURL: string, lang: string, size: TextSize) {
  await context.addCookies([{ name: 'lang', value: lang, url: baseURL }, { name: 'size', value: size, url: baseURL }]);
}

/** How many pixels the page is wider than the window (0 when it fits). */
async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;

for (const size of TEXT_SIZES) {
  for (const lang of LANGUAGES) {
    test.describe(`at the ${size} text size in ${lang === 'ko' ? 'Korean' : 'English'}`, () => {
      test.beforeEach(async ({ context, baseURL }) => readAs(context, baseURL!, lang, size));

      test('no page is wider than the screen', async ({ page }) => {
        for (const { path, status } of pages) {
          await visit(page, path, { status });
          expect(await overflow(page), path).toBeLessThanOrEqual(0);
        }
        // and on a phone with the filters open
        const search = new SearchPage(page);
        await search.open(`?q=${encodeURIComponent('미술')}`);
        await search.openFilters();
        for (const facet of ['platform', 'length', 'language']) await search.unfold(facet);
        expect(await overflow(page), 'the search page with every filter open').toBeLessThanOrEqual(0);
      });

      test('the header fits the screen and its links neither overlap nor run off it', async ({ page }) => {
        await visit(page, '/courses');
        const header = new SiteHeader(page);
        await header.expectTextSize(size);
        const width = page.viewportSize()!.width;
        const links = await header.links().all();
        const boxes: { name: string; box: Box }[] = [];
        for (const link of links) {
          if (!(await link.isVisible())) continue; // the skip link waits off-screen for the keyboard
          const box = (await link.boundingBox())!;
          const name = (await link.textContent())!.trim();
          expect(box.x, `${name} starts on the screen`).toBeGreaterThanOrEqual(0);
          expect(box.x + box.width, `${name} ends on the screen`).toBeLessThanOrEqual(width);
          boxes.push({ name, box });
        }
        expect(boxes.length).toBeGreaterThanOrEqual(7); // brand, 2 sections, 3 sizes, language
        for (const [i, a] of boxes.entries()) {
          for (const b of boxes.slice(i + 1)) expect(overlap(a.box, b.box), `${a.name} overlaps ${b.name}`).toBe(false);
        }
        // the header leaves most of a phone's screen to the page
        const headerBox = (await page.locator('header.site-header').boundingBox())!;
        expect(headerBox.height).toBeLessThanOrEqual(page.viewportSize()!.height / 3);
      });

      test('header links and facet options are at least 24 x 24 px to tap', async ({ page }) => {
        const search = new SearchPage(page);
        await search.open(`?q=${encodeURIComponent('미술')}`);
        const targets = [...(await new SiteHeader(page).links().all())];
        await search.openFilters();
        await search.unfold('level');
        targets.push(...(await page.locator('details[open] label.facet-option').all()));
        let measured = 0;
        for (const target of targets) {
          if (!(await target.isVisible())) continue;
          const box = (await target.boundingBox())!;
          const name = (await target.textContent())!.trim();
          expect(box.width, `width of "${name}"`).toBeGreaterThanOrEqual(24);
          expect(box.height, `height of "${name}"`).toBeGreaterThanOrEqual(24);
          measured += 1;
        }
        expect(measured).toBeGreaterThanOrEqual(7 + 8 + 3); // header, subjects, levels
      });
    });
  }
}
