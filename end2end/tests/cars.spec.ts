// The car share in a real browser, with JavaScript on and off: a resident verifies a driving
// licence, books a car's next free time (tonight on a weekday), finds the trip in "my bookings"
// and cancels it; a booked time then shows as theirs on the car's week. The runs share one server,
// so each (desktop/phone × JavaScript on/off) takes its own car.
import type { TestInfo } from '@playwright/test';
import { test, expect, visit } from '../fixtures';
import { axeClean } from '../pages/axe';
import { CarShare, newLicenceNumber } from '../pages/cars';
import { Resident, newEmail, promote } from '../pages/resident';

/** Cars 1–4: one per project and JavaScript setting, so parallel runs never want the same time. */
function carFor(info: TestInfo, javaScript: boolean): number {
  return 1 + (info.project.name === 'phone' ? 2 : 0) + (javaScript ? 0 : 1);
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'with JavaScript off', () => {
    test.use({ javaScriptEnabled });

    test('a resident verifies a licence, books a car, sees it in my bookings and cancels it', async ({ page }, info) => {
      const car = carFor(info, javaScriptEnabled);
      await new Resident(page, newEmail('driver'), '김운전').signUp();
      const cars = new CarShare(page);

      // without a licence the check page says so and offers the licence form
      await cars.checkFirstFreeTime(car);
      await expect(page.getByTestId('needs-licence')).toContainText('운전면허');
      await expect(page.getByTestId('confirm-form')).toHaveCount(0);

      await cars.verifyLicence();
      await cars.checkFirstFreeTime(car);
      await expect(page.getByTestId('check-answers')).toContainText('11-**-******-');
      const reference = await cars.confirm();

      await visit(page, `/cars/${car}`);
      await expect(page.getByTestId('week-table')).toContainText(reference);

      await visit(page, '/me/bookings');
      const trip = page.locator(`[data-testid="trip"][data-reference="${reference}"]`);
      await expect(trip).toContainText('예약됨');
      await trip.getByRole('link').click();
      await expect(page).toHaveURL(new RegExp(`/cars/trips/${reference}$`));
      await page.getByRole('button', { name: '예약 취소' }).click();
      await expect(page.getByTestId('status')).toHaveText('취소됨');
      await visit(page, '/me/bookings');
      await expect(page.locator(`[data-testid="trip"][data-reference="${reference}"]`)).toHaveAttribute('data-status', 'cancelled');
    });
  });
}

test('a time in office hours is refused with its reason and the way back', async ({ page }) => {
  await new Resident(page, newEmail('office'), '김공무').signUp();
  await new CarShare(page).verifyLicence();
  // an hour inside the next office hours, as the car's public availability names them
  const reply = await (await page.request.get('/api/v1/cars/5/availability')).json();
  const office = reply.uses.find((u: { kind: string; start: string }) => u.kind === 'owner_hours' && new Date(u.start).getTime() > Date.now() + 3600_000);
  const start = new Date(new Date(office.start).getTime() + 9 * 3600_000 + 3600_000).toISOString().slice(0, 16);
  const end = new Date(new Date(office.start).getTime() + 9 * 3600_000 + 2 * 3600_000).toISOString().slice(0, 16);
  await visit(page, `/cars/5/check?start=${start}&end=${end}`, { status: 409 });
  await expect(page.getByTestId('page-error')).toContainText('공무');
  await page.getByRole('link', { name: '다른 시간 고르기' }).click();
  await expect(page).toHaveURL(/\/cars\/5/);
});

test('a guest sees the cars and their free times, and is asked to log in to book', async ({ page }) => {
  await visit(page, '/cars');
  await expect(page.getByTestId('car')).toHaveCount(8);
  await expect(page.getByTestId('licence-status')).toContainText('로그인');
  await page.getByTestId('car').first().getByRole('link').first().click();
  await expect(page.getByTestId('day-row')).toHaveCount(7);
});


for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'licence claims, with JavaScript' : 'licence claims, with JavaScript off', () => {
    test.use({ javaScriptEnabled });

    test('a licence registered first by another account is claimed, and staff move it to its holder', async ({ page, otherBrowser: holderPage, context, baseURL }) => {
      const number = newLicenceNumber();
      const squatter = new Resident(page, newEmail('squat'), '김선점');
      await squatter.signUp();
      await new CarShare(page).verifyLicence(number);
      // the real holder is refused, and told the claim went to staff
      // a name of this run's own: the other width's run may have a claim open on the desk at once
      const holderName = `이소지${[...number.replace(/\D/g, '').slice(-4)].map((d) => '가나다라마바사아자차'[Number(d)]).join('')}`;
      await new Resident(holderPage, newEmail('holder'), holderName).signUp();
      await visit(holderPage, '/cars/licence');
      await holderPage.getByLabel('면허 번호').fill(number);
      await holderPage.getByLabel('발급일').fill('2015-03-02');
      await holderPage.getByLabel('적성검사(갱신) 만료일').fill('2035-12-31');
      await holderPage.getByLabel('생년월일').fill('1990-05-05');
      await holderPage.getByRole('button', { name: '면허 확인' }).click();
      await expect(holderPage.getByTestId('form-error')).toContainText('담당 직원');
      // a member of staff sees the claim (the first browser, promoted) and moves the licence
      const staff = new Resident(page, newEmail('car-desk'), '박담당');
      await squatter.logOut();
      await staff.signUp();
      promote(staff.email);
      await staff.logOut();
      await staff.logIn();
      await visit(page, '/staff/cars');
      const claim = page.getByTestId('licence-dispute').filter({ hasText: holderName });
      await expect(claim).toContainText('11-**-******-');
      // axe runs inside the page: with JavaScript off it cannot, and the markup is the same
      for (const lang of javaScriptEnabled ? ['en', 'ko'] : []) {
        await context.addCookies([{ name: 'lang', value: lang, url: baseURL! }]);
        await visit(page, '/staff/cars');
        await axeClean(page, `staff cars with a claim (${lang})`);
      }
      await claim.getByRole('button', { name: /요청자에게 옮기기/ }).click();
      await expect(page.getByTestId('done')).toContainText('옮겼습니다');
      await visit(holderPage, '/me/messages');
      await expect(holderPage.locator('main')).toContainText('운전면허가 내 계정으로 옮겨졌습니다');
    });
  });
}

test('the signed-in car pages have no accessibility violations in Korean and English', async ({ page, context, baseURL }, info) => {
  await new Resident(page, newEmail('axe-car'), '김접근').signUp();
  const cars = new CarShare(page);
  await cars.verifyLicence();
  await cars.checkFirstFreeTime(info.project.name === 'phone' ? 8 : 7);
  const check = new URL(page.url());
  const setLang = (lang: string) => context.addCookies([{ name: 'lang', value: lang, url: baseURL! }]);
  for (const lang of ['en', 'ko']) {
    await setLang(lang);
    await visit(page, check.pathname + check.search);
    await axeClean(page, `check (${lang})`);
  }
  const reference = await cars.confirm();
  for (const lang of ['ko', 'en']) {
    await setLang(lang);
    for (const path of ['/cars', '/cars/licence', `/cars/trips/${reference}`, '/me/bookings']) {
      await visit(page, path);
      await axeClean(page, `${path} (${lang})`);
    }
  }
  await visit(page, `/cars/trips/${reference}`);
  await cars.endTrip({ english: true });
});

test('with the keyboard alone a resident books the suggested time and cancels it', async ({ page }, info) => {
  const { tabTo, expectVisibleFocus } = await import('../pages/keyboard');
  const car = info.project.name === 'phone' ? 5 : 6;
  await new Resident(page, newEmail('keys'), '김건반').signUpByKeyboard();
  await new CarShare(page).verifyLicence();
  await visit(page, `/cars/${car}`);
  await tabTo(page, '[data-testid="time-form"] button[type=submit]');
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/cars/${car}/check\\?`));
  await tabTo(page, '[data-testid="confirm-form"] button[type=submit]');
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/cars\/trips\/V-/);
  await new CarShare(page).endTrip({ keyboard: true });
});
