// axe-core (WCAG 2.0 and 2.1, levels A and AA) on every page, in both languages and at the largest
// text size, at both widths; on a phone also with the filters panel open. Zero violations expected.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, visit } from '../fixtures';
import { SearchPage } from '../pages/search-page';

const WCAG_A_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** A day of next week (Seoul time, a week from now): its sessions are not open for booking yet. */
function nextWeek(): string {
  return new Date(Date.now() + (9 + 7 * 24) * 3600_000).toISOString().slice(0, 10);
}

const pages: { name: string; path: string; status?: number; search?: boolean }[] = [
  { name: 'the home page', path: '/' },
  { name: 'the whole catalogue', path: '/courses', search: true },
  { name: 'a search with words and a facet', path: `/courses?q=${encodeURIComponent('미술')}&subject=arts`, search: true },
  { name: 'a refused search (400)', path: '/courses?page=0', status: 400 },
  { name: 'a course', path: '/courses/1' },
  { name: "the district's courses", path: '/learn/district' },
  { name: 'the kids cafés', path: '/kids-cafe' },
  { name: "a kids-café branch's week", path: '/kids-cafe/junggok' },
  { name: "a branch's next week (not open yet)", path: `/kids-cafe/junggok?week=${nextWeek()}` },
  { name: 'a refused week (400)', path: '/kids-cafe/junggok?week=2026-02-30', status: 400 },
  { name: 'the public facilities', path: '/facilities' },
  { name: "a facility's day", path: '/facilities/gwangjin-hall' },
  { name: 'a page that does not exist (404)', path: '/no-such-page', status: 404 },
  { name: 'signing up', path: '/sign-up' },
  { name: 'logging in', path: '/log-in' },
  { name: 'the kids-café statistics', path: '/kids-cafe/stats' },
  { name: "a branch's lottery page", path: '/kids-cafe/lottery/junggok' },
  { name: 'the car share', path: '/cars' },
  { name: "a car's week", path: '/cars/1' },
  { name: 'a car that does not exist (404)', path: '/cars/999', status: 404 },
  { name: 'the e-bike docks', path: '/bikes' },
  { name: 'shared parking', path: '/parking' },
  { name: 'the district programmes', path: '/programmes' },
  { name: "the SME loan's page", path: '/programmes/sme-loan' },
  { name: 'a repayment schedule', path: '/programmes/sme-loan?amount=100%2C000%2C000&collateral=real-estate&year=2026' },
  { name: 'a refused schedule (400)', path: '/programmes/sme-loan?amount=abc&collateral=guarantee', status: 400 },
  { name: "the loan's first question", path: '/programmes/sme-loan/apply' },
  { name: "the loan's evaluation question", path: '/programmes/sme-loan/apply?in_district=yes&industry=it&collateral=real-estate&step=4' },
  { name: 'a wrong answer sent back (400)', path: '/programmes/sme-loan/apply?in_district=maybe&step=2', status: 400 },
  { name: 'an excluded industry', path: '/programmes/sme-loan/apply?in_district=yes&industry=bars&step=3' },
  { name: "the veterans' allowance", path: '/programmes/veterans-allowance?year=2026' },
  { name: "the allowance's first question", path: '/programmes/veterans-allowance/apply' },
  { name: 'the open-data catalogue', path: '/data', search: true },
  { name: 'a filtered open-data search', path: `/data?q=${encodeURIComponent('공원')}&theme=parks&source=district`, search: true },
  { name: 'a refused open-data search (400)', path: '/data?format=xlsx', status: 400 },
  { name: 'a dataset with a preview and a chart', path: '/data/5' },
  { name: 'a live dataset', path: '/data/4' },
  { name: 'the crowd levels', path: '/crowd' },
  { name: 'a hotspot\'s day', path: '/crowd/seongsu-cafe-street' },
  { name: 'an unknown hotspot (404)', path: '/crowd/nowhere', status: 404 },
];

const readers: { name: string; cookies: Record<string, string> }[] = [
  { name: 'in Korean', cookies: {} },
  { name: 'in English', cookies: { lang: 'en' } },
  { name: 'at the largest text size', cookies: { size: 'largest' } },
  { name: 'in English at the largest text size', cookies: { lang: 'en', size: 'largest' } },
];

/** The violations axe finds, one readable line per element. */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    // WCAG 2.5.3 Label in Name: tagged wcag21a but still "experimental" in axe, so off unless asked
    .options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .withTags(WCAG_A_AA)
    .analyze();
  return results.violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`),
  );
}

for (const reader of readers) {
  test.describe(reader.name, () => {
    test.beforeEach(async ({ context, baseURL }) => {
      const cookies = Object.entries(reader.cookies).map(([name, value]) => ({ name, value, url: baseURL! }));
      if (cookies.length) await context.addCookies(cookies);
    });

    for (const { name, path, status, search } of pages) {
      test(`${name} has no accessibility violations`, async ({ page }) => {
        await visit(page, path, { status });
        expect(await violations(page)).toEqual([]);
      });

      if (search) {
        test(`${name} has no accessibility violations with the filters open on a phone`, async ({ page, viewport }) => {
          test.skip(viewport!.width >= 960, 'wide screens always show the filters');
          const search = new SearchPage(page);
          if (path.startsWith('/data')) {
            await visit(page, path); // the open-data search has the same filters panel
          } else {
            await search.open(path.replace('/courses', ''));
          }
          await search.openFilters();
          await search.unfold(path.startsWith('/data') ? 'publisher' : 'platform');
          expect(await violations(page)).toEqual([]);
        });
      }
    }
  });
}

// The signed-in pages of booking: a resident made through the API (its session cookie lands in the
// browser's context), with a child and one booking, so every page has its real content.
test.describe('signed in', () => {
  const signedIn: { name: string; path: string }[] = [];

  test.beforeEach(async ({ page }) => {
    const api = page.request;
    const email = `axe-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
    const json = { headers: { accept: 'application/json' } };
    expect((await api.post('/api/sign_up', { ...json, form: { email, password: 'correct horse battery', name: '접근성' } })).status()).toBe(200);
    const child = await (await api.post('/api/add_child', { ...json, form: { name: '하늘', birth_date: '2023-05-01' } })).json();
    const session = await firstBookableSession(api);
    const booked = await (await api.post('/api/book_session', { ...json, form: { session, child, key: `axe-${Date.now()}` } })).json();
    signedIn.splice(0, signedIn.length,
      { name: 'choosing the child', path: `/kids-cafe/book?session=${session}` },
      { name: 'checking the answers', path: `/kids-cafe/book/check?session=${session}&child=${child}` },
      { name: 'a booking confirmation', path: `/me/bookings/${booked.reference}` },
      { name: 'my bookings', path: '/me/bookings' });
  });

  for (const lang of ['ko', 'en']) {
    test(`the booking pages have no accessibility violations (${lang})`, async ({ page, context, baseURL }) => {
      await context.addCookies([{ name: 'lang', value: lang, url: baseURL! }]);
      for (const { name, path } of signedIn) {
        await visit(page, path);
        expect(await violations(page), name).toEqual([]);
      }
    });
  }
});

/** The first kids-café session at 중곡 that can be booked now, looking up to a week ahead. */
async function firstBookableSession(api: import('@playwright/test').APIRequestContext): Promise<number> {
  for (let day = 0; day < 8; day++) {
    const date = new Date(Date.now() + 9 * 3600_000 + day * 24 * 3600_000).toISOString().slice(0, 10);
    const reply = await (await api.get(`/api/v1/kids-cafe/sessions?branch=junggok&date=${date}`)).json();
    const open = reply.sessions.find((s: { bookable_now: boolean }) => s.bookable_now);
    if (open) return open.id;
  }
  throw new Error('no bookable session at 중곡 within a week');
}

// The signed-in pages of booking a facility, applying for a course, the messages and the calendar
// link, in Korean and English (one signed-up resident per test; the slot is read from a facility).
for (const reader of readers.slice(0, 2)) {
  test(`the booking, course, messages and calendar pages have no accessibility violations ${reader.name}`, async ({ page, context, baseURL }) => {
    const { Resident, newEmail } = await import('../pages/resident');
    await new Resident(page, newEmail('axe'), '김접근').signUp();
    const cookies = Object.entries(reader.cookies).map(([name, value]) => ({ name, value, url: baseURL! }));
    if (cookies.length) await context.addCookies(cookies);
    await visit(page, '/facilities/gwangjin-hall');
    await page.locator('a.button.book').first().click();
    await page.waitForURL(/\/facilities\/book\?session=\d+$/);
    const session = new URL(page.url()).searchParams.get('session');
    for (const path of [`/facilities/book?session=${session}`, `/facilities/book/check?session=${session}&group=20`,
      '/learn/district/1/apply', '/me/messages', '/me/calendar']) {
      await visit(page, path);
      expect(await violations(page), path).toEqual([]);
    }
  });
}
