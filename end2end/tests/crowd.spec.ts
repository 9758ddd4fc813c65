// Crowd levels as a resident uses them: from the home page to the map and table, a hotspot's last
// 24 hours, and the page following the feed: when a hotspot becomes crowded the banner appears
// without a reload (the live script reads the API every minute; the test moves the page's clock
// and has the API say the café street is crowded). With JavaScript on, off, and by keyboard.
import { test, expect, visit } from '../fixtures';
import { tabTo, expectVisibleFocus } from '../pages/keyboard';

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'with JavaScript off', () => {
    test.use({ javaScriptEnabled });

    test('a resident sees every hotspot\'s level and a hotspot\'s day', async ({ page }) => {
      await visit(page, '/');
      await page.getByTestId('area-crowd').click();
      await expect(page).toHaveURL(/\/crowd$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('실시간 인구 혼잡도');
      const rows = page.getByTestId('crowd-table').locator('tbody tr');
      await expect(rows).toHaveCount(5);
      await expect(rows.first()).toContainText('성수동 카페거리');
      await expect(rows.first().locator('[data-field="level"]')).toHaveText(/^(여유|보통|약간 붐빔|붐빔)$/);
      await expect(rows.first().locator('[data-field="estimate"]')).toHaveText(/^약 [\d,]+명$/);
      await expect(page.locator('svg.crowd-map a.crowd-area')).toHaveCount(5);

      await rows.nth(1).getByRole('link', { name: '왕십리역' }).click();
      await expect(page).toHaveURL(/\/crowd\/wangsimni-station$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('왕십리역');
      await expect(page.getByRole('img', { name: /왕십리역의 지난 24시간 추정 인구/ })).toBeVisible();
      await page.getByText('시간대별 수치 보기').click();
      await expect(page.locator('.crowd-hours tbody tr').first()).toBeVisible();
    });
  });
}

test('the page follows the feed: a hotspot turning crowded raises the banner without a reload', async ({ page }) => {
  await page.clock.install();
  // the API as the server sends it, with the café street made crowded from the second reading on
  let readings = 0;
  await page.route('**/api/v1/crowd', async (route) => {
    const response = await route.fetch();
    const body = await response.json();
    readings += 1;
    const street = body.hotspots.find((h: { id: string }) => h.id === 'seongsu-cafe-street');
    Object.assign(street, { level: 'crowded', level_ko: '붐빔', level_en: 'Crowded', estimate: 12345 });
    body.crowded = body.hotspots.filter((h: { level: string }) => h.level === 'crowded').map((h: { id: string }) => h.id);
    await route.fulfill({ response, json: body });
  });
  await visit(page, '/crowd');
  const banner = page.getByTestId('crowd-alert');
  const street = page.getByTestId('crowd-table').locator('tr[data-hotspot="seongsu-cafe-street"]');
  await page.clock.fastForward('01:01');
  await expect.poll(() => readings).toBeGreaterThan(0);
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('성수동 카페거리');
  await expect(street.locator('[data-field="level"]')).toHaveText('붐빔');
  await expect(street.locator('[data-field="level"]')).toHaveClass(/crowd-crowded/);
  await expect(street.locator('[data-field="estimate"]')).toHaveText('약 12,345명');
  await expect(page.locator('a.crowd-area[data-hotspot="seongsu-cafe-street"]')).toHaveClass(/crowd-crowded/);
});

test('in English the levels, the banner\'s words and the table are English', async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: 'lang', value: 'en', url: baseURL! }]);
  await visit(page, '/crowd');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Crowd levels now');
  await expect(page.getByTestId('crowd-table')).toContainText('Wangsimni Station');
  await expect(page.getByTestId('crowd-table').locator('[data-field="level"]').first()).toHaveText(/^(Relaxed|Normal|Slightly crowded|Crowded)$/);
});

test('by keyboard alone a resident reaches a hotspot from the map', async ({ page }) => {
  await visit(page, '/crowd');
  await tabTo(page, 'a.crowd-area[data-hotspot="seoul-forest-park"]');
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/crowd\/seoul-forest-park$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('서울숲');
});

test('an unknown hotspot is a 404 that says so', async ({ page }) => {
  await visit(page, '/crowd/nowhere-at-all', { status: 404 });
  await expect(page.getByTestId('page-error')).toContainText('‘nowhere-at-all’ 지역은 혼잡도를 살피는 곳이 아닙니다.');
});
