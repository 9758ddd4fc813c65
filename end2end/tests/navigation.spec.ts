// Finding every page: the header's "전체 메뉴" (a <details> disclosure) opens by tap, click or the
// keyboard with JavaScript on and off, on a phone too, and leads to the pages the header's row
// has no room for; the site map page lists them all in both languages; robots.txt and sitemap.xml
// are served. axe finds nothing with the menu open and on the site map.
import { test, expect, visit } from '../fixtures';
import { axeClean } from '../pages/axe';

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'with JavaScript off', () => {
    test.use({ javaScriptEnabled });

    test('the menu of every service opens and leads to the kids-café figures', async ({ page }) => {
      await visit(page, '/air');
      const menu = page.getByTestId('site-menu');
      const stats = menu.getByRole('link', { name: '키즈카페 이용 통계' });
      await expect(stats).toBeHidden();
      await menu.locator('summary').click();
      await expect(stats).toBeVisible();
      for (const name of ['공유 전기자전거', '공유 주차장', '인구 혼잡도', '열린데이터', '기관 서비스 플랫폼', '사이트맵: 모든 페이지']) {
        await expect(menu.getByRole('link', { name, exact: true })).toBeVisible();
      }
      await stats.click();
      await expect(page).toHaveURL(/\/kids-cafe\/stats$/);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    });
  });
}

test('with the keyboard alone the menu opens and a page in it is reached', async ({ page }) => {
  const { tabTo, expectVisibleFocus } = await import('../pages/keyboard');
  await visit(page, '/');
  await tabTo(page, '[data-testid="site-menu"] > summary');
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('site-menu')).toHaveAttribute('open', '');
  await tabTo(page, '[data-testid="site-menu"] a[href="/parking"]');
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/parking$/);
});

test('the open menu and the site map have no accessibility violations in Korean and English', async ({ page, context, baseURL }) => {
  for (const lang of ['ko', 'en']) {
    await context.addCookies([{ name: 'lang', value: lang, url: baseURL! }]);
    await visit(page, '/');
    await page.getByTestId('site-menu').locator('summary').click();
    await axeClean(page, `the open menu (${lang})`);
    await visit(page, '/sitemap');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(lang === 'ko' ? '사이트맵' : 'Site map');
    await axeClean(page, `/sitemap (${lang})`);
  }
});

test('the site map reaches where residents apply for a kids-café lottery', async ({ page }) => {
  await visit(page, '/');
  await page.getByRole('contentinfo').getByRole('link', { name: '사이트맵' }).click();
  await expect(page).toHaveURL(/\/sitemap$/);
  await page.getByTestId('sitemap').getByRole('link', { name: '추첨 신청과 결과' }).first().click();
  await expect(page.getByTestId('lottery-page')).toBeVisible();
});

test('robots.txt names the sitemap, which lists the public pages', async ({ page, baseURL }) => {
  const robots = await page.request.get('/robots.txt');
  expect(robots.status()).toBe(200);
  expect(await robots.text()).toContain(`Sitemap: ${baseURL}/sitemap.xml`);
  const xml = await (await page.request.get('/sitemap.xml')).text();
  expect(xml).toContain(`<loc>${baseURL}/kids-cafe/stats</loc>`);
  expect(xml).not.toContain('/me');
});
