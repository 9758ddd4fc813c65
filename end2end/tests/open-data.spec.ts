// The open-data catalogue as a resident uses it: from the home page to a dataset found by its
// words and filters, its preview and chart, and its CSV; with JavaScript on, off, and by
// keyboard alone.
import { test, expect, visit } from '../fixtures';
import { tabTo, expectVisibleFocus } from '../pages/keyboard';

/** The number in "데이터셋 733개" / "733 datasets". */
function totalOf(text: string | null): number {
  return Number((text ?? '').replace(/[^\d]/g, ''));
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'with JavaScript off', () => {
    test.use({ javaScriptEnabled });

    test('a resident finds a dataset, previews it and downloads its CSV', async ({ page }, info) => {
      await page.goto('/');
      await page.getByTestId('area-data').click();
      await expect(page).toHaveURL(/\/data$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('열린데이터');
      // 733 on a fresh server, more once the agency tests running beside this one register services
      expect(totalOf(await page.getByTestId('result-total').textContent())).toBeGreaterThanOrEqual(733);
      await expect(page.getByTestId('result-total')).toHaveText(/^데이터셋 [\d,]+개$/);

      await page.getByLabel('검색어').fill('와이파이');
      await page.getByRole('button', { name: '검색', exact: true }).click();
      await expect(page).toHaveURL(/\/data\?q=%EC%99%80/);
      if (info.project.name === 'phone') await page.getByTestId('filters-button').click();
      await page.getByRole('checkbox', { name: /^공공와이파이/ }).check();
      await page.getByTestId('apply-filters').click();
      await expect(page).toHaveURL(/theme=wifi/);
      const cards = page.getByTestId('dataset-card');
      await expect(cards.first()).toContainText('공공와이파이 설치 현황');

      await cards.first().getByRole('link').click();
      await expect(page).toHaveURL(/\/data\/\d+$/);
      await expect(page.getByTestId('dataset-title')).toContainText('공공와이파이 설치 현황');
      await expect(page.getByTestId('columns').locator('tbody tr')).toHaveCount(6);
      await expect(page.getByTestId('preview').locator('tbody tr')).not.toHaveCount(0);
      await expect(page.getByTestId('dataset-chart')).toBeVisible();
      await expect(page.getByTestId('api-call')).toContainText('/rows?format=json');

      // the CSV link as the browser would follow it: an attachment with the table in it
      const csvLink = page.getByTestId('downloads').getByRole('link', { name: 'CSV' });
      const reply = await page.request.get((await csvLink.getAttribute('href'))!);
      expect(reply.status()).toBe(200);
      expect(reply.headers()['content-disposition']).toMatch(/^attachment; filename="dongne-dataset-\d+\.csv"$/);
      const text = (await reply.body()).toString('utf8');
      expect(text.split('\r\n')[0]).toBe('\ufeffno,place,dong,access_points,lat,lon');
      const previewRows = await page.getByTestId('preview').locator('tbody tr').count();
      expect(text.trim().split('\r\n').length).toBeGreaterThan(previewRows);
    });
  });
}

test('the catalogue speaks English, and a bad filter or a missing dataset says so', async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: 'lang', value: 'en', url: baseURL! }]);
  await visit(page, '/data');
  await expect(page.getByTestId('result-total')).toHaveText(/^[\d,]+ datasets$/);
  expect(totalOf(await page.getByTestId('result-total').textContent())).toBeGreaterThanOrEqual(733);
  await visit(page, '/data?theme=astrology', { status: 400 });
  await expect(page.getByTestId('search-error')).toContainText("There is no 'astrology' in 'theme'");
  await visit(page, '/data/99999', { status: 404 });
});

test('with the keyboard alone a resident filters the catalogue and opens a dataset', async ({ page }, info) => {
  await visit(page, '/data');
  if (info.project.name === 'phone') {
    await tabTo(page, '#show-filters');
    await page.keyboard.press('Space');
  }
  await tabTo(page, 'input[name=source][value=kosis]', { max: 140 }); // past the 48 themes
  await expectVisibleFocus(page);
  await page.keyboard.press('Space');
  await tabTo(page, '[data-testid="apply-filters"]');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/source=kosis/);
  await tabTo(page, '[data-testid="dataset-card"] a', { max: 200 }); // the filters come first
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/data\/\d+$/);
  await expect(page.getByText('국가통계포털(KOSIS)').first()).toBeVisible();
});
