// The social economy in a real browser, with JavaScript on and off: a donor books a thrift-store
// drop-off, asks for the donation receipt, staff mark it received and issue it, and the donor finds
// it in My applications and prints it alone; a group asks Coffee Jigi for catering, staff quote,
// the quote reaches the messages and is accepted. The same by keyboard alone; axe on every page of
// it in both languages (each spec runs at the desktop and the phone width).
import { test, expect, visit } from '../fixtures';
import { axeClean } from '../pages/axe';
import { expectVisibleFocus, tabTo } from '../pages/keyboard';
import { Resident, newEmail, promote } from '../pages/resident';
import { Social } from '../pages/social';

async function staffMember(page: import('@playwright/test').Page) {
  const staff = new Resident(page, newEmail('social-desk'), '나눔 직원');
  await staff.signUp();
  promote(staff.email);
  // the role is read at login
  await staff.logOut();
  await staff.logIn();
  return staff;
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'with JavaScript off', () => {
    test.use({ javaScriptEnabled });

    test('a donor books a drop-off and asks for a receipt; staff receive it and issue it; the donor prints it', async ({ page, otherBrowser }) => {
      const donor = new Resident(page, newEmail('donor'), '김기부');
      await donor.signUp();
      await visit(page, '/programmes');
      await page.locator('[data-programme="thrift-store"]').click();
      await expect(page).toHaveURL(/\/programmes\/thrift-store$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('영희네 나눔가게');
      await expect(page.getByTestId('open-now')).toContainText(/영업 중|닫혀 있습니다/);
      const social = new Social(page);
      const reference = await social.bookDropoff();
      await social.askForReceipt('김기부');

      await staffMember(otherBrowser);
      await new Social(otherBrowser).receiveAndIssue(reference);

      await visit(page, '/me/applications');
      const mine = page.locator(`[data-testid="my-dropoff"][data-reference="${reference}"]`);
      await expect(mine).toContainText('영수증 발급됨');
      await mine.getByRole('link', { name: '영수증 보기·인쇄' }).click();
      await expect(page.getByTestId('receipt-number')).toHaveText(/^YH-\d{4}-\d{6}$/);
      await expect(page.getByTestId('receipt-total')).toHaveText('75,000원');
      // printed, the receipt stands alone
      await page.emulateMedia({ media: 'print' });
      await expect(page.getByTestId('receipt')).toBeVisible();
      await expect(page.locator('.site-header')).toBeHidden();
      await expect(page.getByTestId('reference')).toBeHidden();
      await page.emulateMedia({ media: 'screen' });
      await visit(page, '/me/messages');
      await expect(page.locator('main')).toContainText('기부금 영수증이 발급되었습니다');
    });

    test('a group asks Coffee Jigi for catering; staff quote; the quote reaches the messages and is accepted', async ({ page, otherBrowser }) => {
      const organiser = new Resident(page, newEmail('catering'), '박담당');
      await organiser.signUp();
      const social = new Social(page);
      const reference = await social.askForCatering('서대문구청 3층 회의실');
      await expect(page.getByTestId('catering-state')).toHaveText('답변 기다리는 중');

      await staffMember(otherBrowser);
      await new Social(otherBrowser).quote(reference, '380,000');

      await visit(page, '/me/messages');
      await expect(page.locator('main')).toContainText('견적이 왔습니다');
      await visit(page, `/me/applications/catering/${reference}`);
      await expect(page.getByTestId('catering-answer')).toContainText('380,000원');
      await page.getByRole('button', { name: '견적 수락' }).click();
      await expect(page.getByTestId('catering-state')).toHaveText('견적 수락');
    });
  });
}

test('a catering date too soon is refused with the earliest date, in the form', async ({ page }) => {
  const organiser = new Resident(page, newEmail('too-soon'), '급한 담당');
  await organiser.signUp();
  await visit(page, '/programmes/coffee-jigi/catering');
  const date = page.getByLabel('날짜');
  const earliest = await date.getAttribute('min');
  // a day before the earliest, typed past the browser's own check
  await date.evaluate((el: HTMLInputElement) => el.removeAttribute('min'));
  const before = new Date(Date.parse(`${earliest}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  await date.fill(before);
  await page.getByLabel('장소').fill('회의실');
  await page.getByLabel(/커피·차 브레이크/).check();
  await page.getByLabel('예산(원)').fill('100000');
  await page.getByLabel('담당자 이름').fill('담당');
  await page.getByLabel('연락처').fill('010-1234-5678');
  await page.getByRole('button', { name: '케이터링 신청' }).click();
  await expect(page.getByTestId('form-error')).toContainText(earliest!);
});

test('with the keyboard alone a donor books a drop-off and asks for its receipt', async ({ page }) => {
  const donor = new Resident(page, newEmail('keyboard-donor'), '키보드');
  await donor.signUpByKeyboard();
  await visit(page, '/programmes/thrift-store');
  await tabTo(page, '[data-testid="dropoff-slot"] button', { max: 120 });
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/me\/applications\/dropoff\/D-/);
  await tabTo(page, '#donor-name');
  await page.keyboard.type('키보드');
  await tabTo(page, '#donor-birth');
  // reached by Tab like every field; the value goes in through the browser's own date widget,
  // whose segment typing is Chromium's, not ours (its year segment takes six digits)
  await page.locator('#donor-birth').fill('1980-03-04');
  await tabTo(page, '#item1');
  await page.keyboard.type('학용품 한 상자');
  await tabTo(page, '#value1');
  await page.keyboard.type('30000');
  await tabTo(page, '[data-testid="receipt-form"] button[type="submit"]');
  await expectVisibleFocus(page);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('receipt-waiting')).toBeVisible();
});

test('the social economy pages have no axe violations, in Korean and English', async ({ page, otherBrowser }) => {
  // eleven pages, each checked twice: about 25 s on a quiet machine, past the 30 s default on a busy one
  test.setTimeout(90_000);
  const donor = new Resident(page, newEmail('axe-social'), '접근성');
  await donor.signUp();
  const social = new Social(page);
  const dropoff = await social.bookDropoff();
  await axeClean(page, 'a drop-off with the receipt form');
  await social.askForReceipt('접근성');
  await axeClean(page, 'a drop-off with the receipt asked');
  const catering = await social.askForCatering('구청 회의실');
  await axeClean(page, 'a catering request');
  await staffMember(otherBrowser);
  await new Social(otherBrowser).receiveAndIssue(dropoff);
  await visit(otherBrowser, '/staff/social');
  await axeClean(otherBrowser, 'the staff desk');
  for (const lang of ['ko', 'en']) {
    await page.context().addCookies([{ name: 'lang', value: lang, url: page.url() }]);
    for (const path of ['/programmes/thrift-store', '/programmes/coffee-jigi', '/programmes/coffee-jigi/catering',
      `/me/applications/dropoff/${dropoff}`, `/me/applications/catering/${catering}`, '/me/applications']) {
      await visit(page, path);
      await axeClean(page, `${path} (${lang})`);
    }
  }
});
