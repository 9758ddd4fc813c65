// Booking a facility slot, applying for a district course, the messages page and the private
// calendar feed, in a real browser with the pages' own forms. The desktop and phone runs share one
// server, so each takes a different slot and course.
import type { Page, TestInfo } from '@playwright/test';
import { test, expect, visit } from '../fixtures';
import { Resident, newEmail } from '../pages/resident';

/** 0 on desktop, 1 on the phone: which of the free slots and open courses this run takes. */
function lane(info: TestInfo): number {
  return info.project.name === 'phone' ? 1 : 0;
}

/**
 * Submits a booking form with `click` and answers the booking reference it was sent on with. The
 * confirmation page (`/me/bookings/{reference}`) belongs to the bookings flow, built on its own
 * branch; until that is merged here, the form's answer is caught and its redirect read instead.
 */
async function bookingReference(page: Page, click: () => Promise<unknown>, kind: 'F' | 'C'): Promise<string> {
  const shape = new RegExp(`/me/bookings/(${kind}-[2-9A-Z]{4}-[2-9A-Z]{4})$`);
  const confirmationExists = (await page.request.get('/me/bookings')).status() !== 404;
  if (!confirmationExists) {
    await page.route(/\/api\/(book_facility|apply_course)$/, async (route) => {
      const answer = await route.fetch({ maxRedirects: 0 });
      const to = answer.headers()['location'] ?? `${answer.status()}`;
      const body = `<!DOCTYPE html><html lang="ko"><head><title>-</title></head><body><main><p id="to">${to}</p></main></body></html>`;
      await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
    });
  }
  await click();
  if (confirmationExists) {
    await expect(page).toHaveURL(shape);
    const reference = page.url().match(shape)![1];
    await expect(page.getByText(reference).first()).toBeVisible();
    return reference;
  }
  const to = (await page.locator('#to').textContent()) ?? '';
  expect(to).toMatch(shape);
  return to.match(shape)![1];
}

test('a resident books a facility slot one question at a time', async ({ page }, info) => {
  const resident = new Resident(page, newEmail('facility'), '김시설');
  await resident.signUp();
  await visit(page, '/facilities');
  await page.getByTestId('facility').nth(lane(info)).getByRole('link').click();
  await page.getByRole('link', { name: '다음 날 →' }).click();
  await page.getByRole('link', { name: /예약하기/ }).nth(lane(info) * 2).click();

  await expect(page).toHaveURL(/\/facilities\/book\?session=\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('몇 명이 이용하나요?');
  const min = await page.getByLabel('이용 인원').getAttribute('min');
  await page.getByLabel('이용 인원').fill(min!);
  await page.getByRole('button', { name: '다음' }).click();

  await expect(page).toHaveURL(/\/facilities\/book\/check\?session=\d+&group=\d+$/);
  await expect(page.getByTestId('check-answers')).toContainText(`${min}명`);
  await bookingReference(page, () => page.getByRole('button', { name: '예약 확정' }).click(), 'F');
});

test('a resident applies for a district course from its list', async ({ page }, info) => {
  const resident = new Resident(page, newEmail('course'), '김강좌');
  await resident.signUp();
  await visit(page, '/learn/district');
  await page.getByRole('link', { name: /^수강 신청/ }).nth(lane(info)).click();
  await expect(page).toHaveURL(/\/learn\/district\/\d+\/apply$/);
  await expect(page.getByTestId('check-answers')).toContainText('남은 자리');
  await bookingReference(page, () => page.getByRole('button', { name: '수강 신청' }).click(), 'C');
});

test('a full course offers its waiting list, which shows in the messages', async ({ page }, info) => {
  const resident = new Resident(page, newEmail('waiting'), '김대기');
  await resident.signUp();
  await visit(page, '/learn/district');
  await page.getByRole('link', { name: /^대기 신청/ }).nth(lane(info)).click();
  await page.getByRole('button', { name: '대기 신청' }).click();
  await expect(page).toHaveURL(/\/me\/messages\?done=waiting$/);
  await expect(page.getByTestId('done')).toBeVisible();
  await expect(page.getByTestId('wait')).toHaveCount(1);
  await expect(page.getByTestId('no-messages')).toBeVisible();
  await page.getByRole('button', { name: '대기 취소' }).click();
  await expect(page).toHaveURL(/\/me\/messages\?done=left$/);
  await expect(page.getByTestId('wait')).toHaveCount(0);
});

test('a resident makes a private calendar link, fetches it, and revokes it', async ({ page }) => {
  const resident = new Resident(page, newEmail('calendar'), '김달력');
  await resident.signUp();
  await page.getByRole('link', { name: '캘린더 구독' }).click();
  await expect(page).toHaveURL(/\/me\/calendar$/);
  await page.getByRole('button', { name: '내 캘린더 주소 만들기' }).click();
  const url = await page.getByTestId('feed-url').inputValue();
  expect(url).toMatch(/\/calendar\/[0-9a-f]{64}\.ics$/);

  const feed = await page.request.get(url);
  expect(feed.status()).toBe(200);
  expect(feed.headers()['content-type']).toBe('text/calendar; charset=utf-8');
  expect(await feed.text()).toMatch(/^BEGIN:VCALENDAR\r\n/);

  await page.reload();
  await expect(page.getByTestId('feed-url')).toHaveCount(0); // shown once
  await page.getByRole('button', { name: '구독 주소 없애기' }).click();
  await expect(page.getByTestId('done')).toBeVisible();
  expect((await page.request.get(url)).status()).toBe(404);
});
