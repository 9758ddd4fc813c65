// The same journeys with JavaScript off: plain forms, links and CSS must carry them all.
import { test, expect, visit } from '../fixtures';
import { SearchPage } from '../pages/search-page';
import { SiteHeader } from '../pages/site-header';

test.use({ javaScriptEnabled: false });

test('with JavaScript off a resident searches, filters and opens a course through plain forms', async ({ page }) => {
  await visit(page, '/');
  await page.getByRole('searchbox').fill('미술');
  await page.getByRole('button', { name: '검색' }).click();
  await expect(page).toHaveURL(/\/courses\?q=%EB%AF%B8%EC%88%A0/);

  const search = new SearchPage(page);
  const allArt = await search.totalCount();
  expect(allArt).toBeGreaterThan(10);
  await search.tick('subject', '예체능·예술');
  await search.applyFilters();
  await expect(page).toHaveURL(/subject=arts/);
  expect(await search.totalCount()).toBeLessThanOrEqual(allArt);
  await expect(search.facetBox('subject', '예체능·예술')).toBeChecked();

  await search.openFirstCourse();
  await expect(page.getByTestId('go-to-course')).toHaveAttribute('href', /^https:\/\//);
});

test('with JavaScript off the filters button of a phone opens the filters, and ticks apply', async ({ page, viewport }) => {
  test.skip(viewport!.width >= 960, 'wide screens show the filters beside the results, without a button');
  const search = new SearchPage(page);
  await search.open('?q=%EB%AF%B8%EC%88%A0');
  await expect(search.filters).toBeHidden();
  await expect(search.filtersButton).toHaveText('조건으로 좁히기');

  await search.filtersButton.click();
  await expect(search.filters).toBeVisible();
  await search.tick('subject', '예체능·예술');
  await search.tick('level', '입문');
  await search.applyFilters();

  await expect(page).toHaveURL(/subject=arts/);
  await expect(page).toHaveURL(/level=beginner/);
  await expect(search.filtersButton).toHaveText('조건으로 좁히기 (2개 선택)');
  await expect(search.cards.first()).toContainText('예체능·예술');
  await expect(search.cards.first()).toContainText('입문');
  // results come first: the filters stay folded on the new page until asked for
  await expect(search.filters).toBeHidden();
  await search.openFilters();
  await expect(search.facetBox('subject', '예체능·예술')).toBeChecked();
  await expect(search.facetBox('level', '입문')).toBeChecked();
});

test('with JavaScript off the text-size links change the size, and the choice stays on the next page', async ({ page }) => {
  await visit(page, '/');
  const header = new SiteHeader(page);
  await header.expectTextSize('standard');
  const standardHeading = await page.getByRole('heading', { level: 1 }).evaluate((h) => parseFloat(getComputedStyle(h).fontSize));

  await header.chooseTextSize('largest');
  await expect(page).toHaveURL(/\/$/);
  const largestHeading = await page.getByRole('heading', { level: 1 }).evaluate((h) => parseFloat(getComputedStyle(h).fontSize));
  expect(largestHeading).toBeGreaterThan(standardHeading * 1.3);

  await header.sections.filter({ hasText: '온라인 강좌' }).click();
  await expect(page).toHaveURL(/\/courses$/);
  await header.expectTextSize('largest');

  await header.chooseTextSize('large');
  await expect(page).toHaveURL(/\/courses$/);
  await page.goto('/learn/district');
  await header.expectTextSize('large');
  await header.chooseTextSize('standard');
});

test('with JavaScript off the language switch changes the language, and the choice stays on the next page', async ({ page }) => {
  await visit(page, '/courses?q=python');
  const header = new SiteHeader(page);
  await header.switchLanguage();
  await expect(page).toHaveURL(/\/courses\?q=python$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Find a lifelong-learning course');

  await header.sections.filter({ hasText: 'District courses' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Courses run by the district');
  await header.switchLanguage();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('우리 구가 직접 여는 마을 강좌');
});
