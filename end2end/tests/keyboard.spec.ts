// A resident who uses the keyboard alone (no mouse, no touch): Tab, type, Space, Enter.
import { test, expect, visit } from '../fixtures';
import { SearchPage } from '../pages/search-page';
import { SiteHeader } from '../pages/site-header';
import { expectVisibleFocus, focused, tabTo } from '../pages/keyboard';

test('with the keyboard alone a resident searches from the home page, ticks a level and opens a course', async ({ page }) => {
  await visit(page, '/');
  await tabTo(page, '#home-q');
  await expectVisibleFocus(page);
  await page.keyboard.type('미술');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/courses\?q=%EB%AF%B8%EC%88%A0/);

  const search = new SearchPage(page);
  await search.ready();
  const allArt = await search.totalCount();
  if (await search.filtersAreFolded()) {
    // a phone: the filters open from their button, a checkbox's label that the keyboard ticks
    await tabTo(page, '#show-filters');
    await expect(search.filtersButton).toHaveCSS('outline-style', 'solid');
    await page.keyboard.press('Space');
    await expect(search.filters).toBeVisible();
  }
  // the level group is folded: Enter on its summary unfolds it
  await tabTo(page, 'details[data-facet="level"] summary');
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  await tabTo(page, 'details[data-facet="level"] input[value="beginner"]');
  await expectVisibleFocus(page);
  await page.keyboard.press('Space');
  await expect(page).toHaveURL(/level=beginner/);
  await expect.poll(() => search.totalCount()).toBeLessThan(allArt);
  await expect(search.facetBox('level', '입문')).toBeChecked();

  await tabTo(page, '[data-testid="course-card"] h3 a');
  await expectVisibleFocus(page);
  const title = (await page.evaluate(() => document.activeElement!.textContent))!.trim();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/courses\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
});

test('with the keyboard alone a resident changes the text size and the language', async ({ page }) => {
  await visit(page, '/courses');
  const header = new SiteHeader(page);

  await tabTo(page, '[data-testid="text-size-largest"]');
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  await header.expectTextSize('largest');
  await expect(page).toHaveURL(/\/courses$/);
  await new SearchPage(page).ready();

  await tabTo(page, '[data-testid="text-size-standard"]');
  await page.keyboard.press('Enter');
  await header.expectTextSize('standard');
  await new SearchPage(page).ready();

  await tabTo(page, '[data-testid="lang-switch"]');
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page).toHaveURL(/\/courses$/);
});

test('after a tick with the keyboard the focus stays on the ticked box', async ({ page }) => {
  // the live search swaps in new results; the ticked box in them must get the focus back, or the
  // next Tab starts again at the first facet
  const search = new SearchPage(page);
  await search.open('?q=%EB%AF%B8%EC%88%A0');
  if (await search.filtersAreFolded()) {
    await tabTo(page, '#show-filters');
    await page.keyboard.press('Space');
  }
  await tabTo(page, 'details[data-facet="subject"] input[value="arts"]');
  await page.keyboard.press('Space');
  await expect(page).toHaveURL(/subject=arts/);
  await expect(search.facetBox('subject', '예체능·예술')).toBeFocused();
});

test('the first Tab shows the skip link, and it leads past the header to the content', async ({ page }) => {
  await visit(page, '/');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: '본문 바로가기' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#main$/);
  await page.keyboard.press('Tab');
  await expect(page.getByRole('searchbox')).toBeFocused();
});
