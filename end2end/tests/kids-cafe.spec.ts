// Reading kids-café sessions and facility slots, with JavaScript on (booking comes with its flow).
import { test, expect, visit, islandsAwake } from '../fixtures';

test('a resident goes from the home page to a kids-café branch and reads its week', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('area-kids-cafe').click();
  await expect(page).toHaveURL(/\/kids-cafe$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('꿈이랑팡팡 키즈카페');
  await expect(page.getByTestId('branch')).toHaveCount(3);
  await expect(page.getByText('어린이 1명 1회 2,000원')).toBeVisible();

  const junggok = page.locator('[data-branch="junggok"]');
  await expect(junggok.getByTestId('branch-status')).toHaveText('운영 중');
  await junggok.getByRole('link', { name: '회차와 남은 자리 보기' }).click();
  await expect(page).toHaveURL(/\/kids-cafe\/junggok$/);

  // six open days (Monday is the closing day), three sessions each; every seats-left number is tagged
  const days = page.getByTestId('week-day');
  await expect(days).toHaveCount(6);
  await expect(page.getByTestId('session')).toHaveCount(18);
  await expect(page.locator('[data-testid="seats-left"][data-session]')).not.toHaveCount(0);

  const range = await page.getByTestId('week-range').textContent();
  await islandsAwake(page); // the live seats-left island, before leaving its page
  await page.getByRole('link', { name: '다음 주 →' }).click();
  await expect(page).toHaveURL(/\/kids-cafe\/junggok\?week=\d{4}-\d{2}-\d{2}$/);
  await expect(page.getByTestId('week-range')).not.toHaveText(range!);
  await expect(days).toHaveCount(6);
});

test('the week view speaks English when the resident chose it', async ({ page }) => {
  await page.goto('/kids-cafe/junggok');
  await islandsAwake(page); // the live seats-left island, before the switch leaves its page
  await page.getByTestId('lang-switch').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('link', { name: 'Next week →' })).toBeVisible();
  await expect(page.getByText('Closed on Mondays.', { exact: false })).toBeVisible();
});

test('an unknown branch is not found and a bad week is refused', async ({ page }) => {
  await visit(page, '/kids-cafe/nowhere', { status: 404 });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('페이지를 찾을 수 없습니다');
  await visit(page, '/kids-cafe/junggok?week=2026-02-30', { status: 400 });
  await expect(page.getByTestId('page-error')).toContainText('실제 있는 날짜');
});

test('a resident reads the facilities and one facility’s slots of the day', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('area-facilities').click();
  await expect(page).toHaveURL(/\/facilities$/);
  await expect(page.getByTestId('facility')).toHaveCount(6);
  await page.getByRole('link', { name: '광진문화예술회관 소공연장' }).click();
  await expect(page).toHaveURL(/\/facilities\/gwangjin-hall$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('광진문화예술회관 소공연장');
  await expect(page.getByText('20~120명')).toBeVisible();
  await page.getByRole('link', { name: '다음 날 →' }).click();
  await expect(page).toHaveURL(/\/facilities\/gwangjin-hall\?date=\d{4}-\d{2}-\d{2}$/);
  await expect(page.getByTestId('slot')).toHaveCount(4);
});
