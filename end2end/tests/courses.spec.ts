// What a resident does with the catalogue, with JavaScript on.
import { test, expect, visit } from '../fixtures';
import { SearchPage } from '../pages/search-page';
import { SiteHeader } from '../pages/site-header';

test('a resident finds an art course from the home page and goes to it on its platform', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await page.getByRole('searchbox').fill('미술');
  await page.getByRole('button', { name: '검색' }).click();
  await expect(page).toHaveURL(/\/courses\?q=/);

  const search = new SearchPage(page);
  const allArt = await search.totalCount();
  expect(allArt).toBeGreaterThan(10);
  await search.tick('subject', '예체능·예술');
  await expect(page).toHaveURL(/subject=arts/);
  await expect.poll(() => search.totalCount()).toBeLessThanOrEqual(allArt);
  await expect(search.cards.first()).toContainText('예체능·예술');

  await search.openFirstCourse();
  const go = page.getByTestId('go-to-course');
  await expect(go).toHaveAttribute('target', '_blank');
  const href = await go.getAttribute('href');
  expect(href).toMatch(/^https:\/\/[a-z0-9.-]+\//);
  // the platform is outside this machine's network: answer for it, and check where the tab went
  await page.context().route('https://**/*', (route) => route.fulfill({ body: 'platform page' }));
  const [popup] = await Promise.all([page.waitForEvent('popup'), go.click()]);
  await popup.waitForURL(href!);
  expect(popup.url()).toBe(href);
});

test('the search page wakes its island: it fetches /pkg/dongne.wasm with 200, and typing updates the results', async ({ page }) => {
  const wasmFetches: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.endsWith('.wasm')) wasmFetches.push(new URL(request.url()).pathname);
  });
  const wasm = page.waitForResponse((response) => new URL(response.url()).pathname.endsWith('.wasm'));
  await page.goto('/courses');
  const answer = await wasm;
  expect(new URL(answer.url()).pathname).toBe('/pkg/dongne.wasm');
  expect(answer.status()).toBe(200);
  expect(answer.headers()['content-type']).toBe('application/wasm');

  const search = new SearchPage(page);
  await search.ready();
  const everything = await search.totalCount();
  await page.evaluate(() => ((window as any).stillTheSamePage = true));
  await search.box.fill('미술');
  await expect(page).toHaveURL(/\/courses\?q=%EB%AF%B8%EC%88%A0(&|$)/);
  await expect.poll(() => search.totalCount()).toBeLessThan(everything);
  await expect(search.cards.first()).toBeVisible();
  expect(await page.evaluate(() => (window as any).stillTheSamePage)).toBe(true);
  // the preloaded wasm is the one the islands use: fetched once, under its one name
  expect(wasmFetches).toEqual(['/pkg/dongne.wasm']);
});

test('results follow the typing without reloading the page, and the address follows too', async ({ page }) => {
  const search = new SearchPage(page);
  await search.open();
  const everything = await search.totalCount();
  expect(everything).toBe(36496);
  await page.evaluate(() => ((window as any).stillTheSamePage = true));

  await search.box.pressSequentially('서울', { delay: 40 });
  await expect(page).toHaveURL(/q=%EC%84%9C%EC%9A%B8/);
  await expect.poll(() => search.totalCount()).toBeLessThan(everything);
  await expect(search.cards.first()).toBeVisible();
  expect(await page.evaluate(() => (window as any).stillTheSamePage)).toBe(true);
});

test('back and forward restore earlier searches', async ({ page }) => {
  const search = new SearchPage(page);
  await search.open('?q=%EB%AF%B8%EC%88%A0');
  const art = await search.totalCount();
  await search.tick('level', '입문');
  await expect(page).toHaveURL(/level=beginner/);
  await expect.poll(() => search.totalCount()).toBeLessThan(art);
  await page.goBack();
  await expect(page).not.toHaveURL(/level=beginner/);
  await expect.poll(() => search.totalCount()).toBe(art);
  await page.goForward();
  await expect(page).toHaveURL(/level=beginner/);
  await expect.poll(() => search.totalCount()).toBeLessThan(art);
});

test('the pager moves through results', async ({ page }) => {
  const search = new SearchPage(page);
  await search.open('?subject=humanities');
  const firstTitle = await search.cards.first().getByRole('link').textContent();
  await page.getByRole('navigation', { name: '쪽 이동' }).getByRole('link', { name: '다음' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(search.cards.first().getByRole('link')).not.toHaveText(firstTitle!);
});

test('a resident switches to English and back', async ({ page }) => {
  await visit(page, '/courses?q=python');
  const header = new SiteHeader(page);
  await header.switchLanguage();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page).toHaveURL(/\/courses\?q=python/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Find a lifelong-learning course');
  await expect(page.getByTestId('result-total')).toContainText('courses');
  await header.switchLanguage();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
});

test('bad searches and unknown courses get a clear message, not an error page', async ({ page }) => {
  await visit(page, '/courses?page=0', { status: 400 });
  await expect(page.getByTestId('search-error')).toContainText('쪽 번호');

  await visit(page, '/courses?q=' + encodeURIComponent('<b>미술</b>'.repeat(1500)), { status: 400 });
  await expect(page.getByTestId('search-error')).toContainText('200자');
  await expect(page.locator('#q')).toHaveValue(/<b>미술<\/b>/);
  expect(await page.locator('b').count()).toBe(0);

  await visit(page, '/courses/99999999', { status: 404 });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('페이지를 찾을 수 없습니다');
});

test('the district courses page lists offline courses with seats left', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: '마을 강좌 보기' }).click();
  await expect(page).toHaveURL(/\/learn\/district/);
  await expect(page.getByTestId('district-course').first()).toBeVisible();
  expect(await page.getByTestId('district-course').count()).toBeGreaterThanOrEqual(50);
  await expect(page.getByText(/남은 자리 \d+ \/ \d+/).first()).toBeVisible();
});
