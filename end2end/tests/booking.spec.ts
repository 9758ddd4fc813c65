// Booking a kids-café session in a real browser: sign up, add a child, 키즈카페 → 중곡 → the first
// bookable session → the child → check → confirm → the reference → my bookings → cancel; with
// JavaScript on, off, and by keyboard alone. The server runs on the real clock, so the test takes
// whichever session can be booked today.
import { test, expect, visit } from '../fixtures';
import { Resident, newEmail } from '../pages/resident';
import { Booking } from '../pages/booking';

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'with JavaScript off', () => {
    test.use({ javaScriptEnabled });

    test('a guardian books a session for their child, sees it in my bookings and cancels it', async ({ page }) => {
      const kim = new Resident(page, newEmail('booker'), '김보호');
      await kim.signUp();
      await kim.addChild('하늘', '2023-05-01');
      const booking = new Booking(page);
      await page.getByRole('navigation', { name: '주요 메뉴' }).getByRole('link', { name: '키즈카페' }).click();
      await booking.openFirstBookableSession();
      await booking.chooseChild('하늘');
      await booking.confirm();
      await booking.openMyBookings();
      await booking.cancelFromMyBookings();
    });
  });
}

test('with the keyboard alone a guardian books and cancels a session', async ({ page }) => {
  const lee = new Resident(page, newEmail('keys'), '이키보');
  await lee.signUpByKeyboard();
  await lee.addChild('바다', '2023-05-01');
  await new Booking(page).byKeyboardFromBranch();
});

test('a guardian without a child is offered to add one and comes back to the booking', async ({ page }) => {
  const park = new Resident(page, newEmail('nochild'), '박없음');
  await park.signUp();
  const booking = new Booking(page);
  await booking.openFirstBookableSession();
  const here = page.url();
  await page.getByTestId('add-child-link').click();
  await page.getByLabel('자녀 이름').fill('별');
  await page.getByLabel('생년월일').fill('2023-05-01');
  await page.getByRole('button', { name: '자녀 등록' }).click();
  await expect(page).toHaveURL(here);
  await booking.chooseChild('별');
});

test('seats left update on the week view without a reload', async ({ page }) => {
  const api = page.request;
  const json = { headers: { accept: 'application/json' } };
  await api.post('/api/sign_up', { ...json, form: { email: newEmail('live'), password: 'correct horse battery', name: '실시간' } });
  const child = await (await api.post('/api/add_child', { ...json, form: { name: '해', birth_date: '2023-05-01' } })).json();
  await visit(page, '/kids-cafe/junggok');
  const seats = page.locator('[data-state="bookable"] [data-session]').first();
  const session = await seats.getAttribute('data-session');
  const before = Number(await seats.textContent());
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  const booked = await api.post('/api/book_session', { ...json, form: { session: session!, child, key: `live-${Date.now()}` } });
  expect(booked.status()).toBe(200);
  await page.getByTestId('refresh-seats').click();
  // Other workers book the same first session in parallel, so the count may fall by more than ours.
  await expect.poll(async () => Number(await seats.textContent())).toBeLessThan(before);
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
});
