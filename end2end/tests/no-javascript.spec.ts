// The same search with JavaScript off: plain forms and links must carry the whole journey.
import { test, expect } from '@playwright/test';
import { SearchPage } from '../pages/search-page';

test.use({ javaScriptEnabled: false });

test('with JavaScript off a resident searches, filters and opens a course through plain forms', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('searchbox').fill('미술');
  await page.getByRole('button', { name: '검색' }).click();
  await expect(page).toHaveURL(/\/courses\?q=%EB%AF%B8%EC%88%A0/);

  const search = new SearchPage(page);
  const allArt = await search.totalCount();
  expect(allArt).toBeGreaterThan(10);
  await search.tick('subject', '예체능·예술');
  await page.getByRole('button', { name: '조건 적용' }).click();
  await expect(page).toHaveURL(/subject=arts/);
  expect(await search.totalCount()).toBeLessThanOrEqual(allArt);
  await expect(search.facetOption('subject', '예체능·예술').locator('input')).toBeChecked();

  await search.openFirstCourse();
  await expect(page.getByTestId('go-to-course')).toHaveAttribute('href', /^https:\/\//);
});
