// District programmes in a real browser, with JavaScript on and off: a business answers the loan's
// questions one per page, sees its repayment schedule, starts an application, uploads its
// documents and sends it; staff approve it and the applicant reads the decision. An excluded
// industry is told why; the calculators and the CSV download; the veterans' allowance.
import { test, expect, visit } from '../fixtures';
import { axeClean } from '../pages/axe';
import { Programmes, newBusinessNumber } from '../pages/programmes';
import { Resident, newEmail, promote } from '../pages/resident';

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'with JavaScript off', () => {
    test.use({ javaScriptEnabled });

    test('a business checks it qualifies, applies, uploads its documents and sends; staff approve it', async ({ page, otherBrowser: staffPage }) => {
      const owner = new Resident(page, newEmail('sme'), '김사장');
      await owner.signUp();
      await visit(page, '/programmes');
      await page.locator('[data-programme="sme-loan"]').click();
      await expect(page).toHaveURL(/\/programmes\/sme-loan$/);
      await expect(page.getByTestId('loan-window')).toContainText('접수 중');
      const programmes = new Programmes(page);
      await programmes.answerLoanQuestions(newBusinessNumber());
      const reference = await programmes.start();
      await expect(page.getByTestId('document')).toHaveCount(6);

      // sending too early names what is missing
      await page.getByRole('button', { name: '신청 제출' }).click();
      await expect(page.getByTestId(javaScriptEnabled ? 'form-error' : 'form-error')).toContainText('서류가 빠졌습니다');
      await programmes.uploadAll();
      await programmes.send();
      await visit(page, '/me/applications');
      await expect(page.locator(`[data-testid="application"][data-reference="${reference}"]`)).toContainText('심사 중');

      // a member of staff approves 40,000,000 (their own browser)
      const reviewer = new Resident(staffPage, newEmail('reviewer'), '심사관');
      await reviewer.signUp();
      promote(reviewer.email);
      // the role is read at login
      await reviewer.logOut();
      await reviewer.logIn();
      await visit(staffPage, `/staff/programmes/${reference}`);
      await staffPage.getByLabel('승인', { exact: true }).check();
      await staffPage.getByLabel('승인 금액(원, 위원회 결정)').fill('40,000,000');
      await staffPage.getByRole('button', { name: '결과 기록' }).click();
      await expect(staffPage.getByTestId('decided-amount')).toContainText('40,000,000원');

      await visit(page, `/me/applications/${reference}`);
      await expect(page.getByTestId('decision')).toContainText('40,000,000원');
      await visit(page, '/me/messages');
      await expect(page.locator('main')).toContainText('신청이 승인되었습니다');
    });
  });
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'withdrawing, with JavaScript' : 'withdrawing, with JavaScript off', () => {
    test.use({ javaScriptEnabled });

    test('a draft is withdrawn from my applications and the round is free again', async ({ page }) => {
      const resident = new Resident(page, newEmail('withdraw'), '김철회');
      await resident.signUp();
      const programmes = new Programmes(page);
      const business = newBusinessNumber();
      await programmes.answerLoanQuestions(business);
      const reference = await programmes.start();
      await expect(page.locator('main')).toContainText('14일');
      await visit(page, '/me/applications');
      const card = page.locator(`[data-testid="application"][data-reference="${reference}"]`);
      await card.getByRole('button', { name: /신청 철회/ }).click();
      await expect(page).toHaveURL(/\/me\/applications\?withdrawn=1$/);
      await expect(page.getByTestId('withdrawn')).toBeVisible();
      await expect(card).toContainText('철회됨');
      await expect(card.getByRole('button', { name: /신청 철회/ })).toHaveCount(0);
      // the account's place in the round came back
      await programmes.answerLoanQuestions(business);
      expect(await programmes.start()).not.toEqual(reference);
    });
  });
}

test('an excluded industry is told why and goes no further', async ({ page }) => {
  await visit(page, '/programmes/sme-loan/apply');
  await page.getByLabel('예', { exact: true }).check();
  await page.getByRole('button', { name: '다음' }).click();
  await page.getByLabel('유흥주점').check();
  await page.getByRole('button', { name: '다음' }).click();
  await expect(page.getByTestId('not-eligible')).toContainText('유흥주점');
  await expect(page.getByRole('button', { name: '다음' })).toHaveCount(0);
});

test('the repayment calculator shows every payment and downloads the same as CSV', async ({ page }) => {
  await visit(page, '/programmes/sme-loan');
  await page.getByLabel('융자 금액(원)').fill('100,000,000');
  await page.getByLabel('담보', { exact: true }).selectOption('real-estate');
  await page.getByLabel('사업 연도(금리)').selectOption('2026');
  await page.getByRole('button', { name: '계산하기' }).click();
  const schedule = page.getByTestId('schedule');
  await expect(schedule.locator('tbody tr')).toHaveCount(20);
  await expect(page.getByTestId('total-principal')).toHaveText('100,000,000원');
  const href = await page.getByTestId('schedule-csv').getAttribute('href');
  const csv = await page.request.get(href!);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const lines = (await csv.text()).trim().split('\n');
  expect(lines).toHaveLength(22);
  expect(lines[21]).toMatch(/^total,,,100000000,/);
});

test('the veterans allowance: a year itemised, and an application with its two documents', async ({ page }) => {
  await visit(page, '/programmes/veterans-allowance');
  await page.getByLabel('연도', { exact: true }).selectOption('2026');
  await page.getByRole('button', { name: '계산하기' }).click();
  await expect(page.getByTestId('allowance-total')).toHaveText('660,000원');

  await new Resident(page, newEmail('veteran'), '이유공').signUp();
  await visit(page, '/programmes/veterans-allowance');
  await page.getByTestId('apply-link').click();
  for (let step = 0; step < 2; step++) {
    await page.getByLabel('예', { exact: true }).check();
    await page.getByRole('button', { name: '다음' }).click();
  }
  await page.getByLabel('아니요', { exact: true }).check();
  await page.getByRole('button', { name: '다음' }).click();
  await page.getByLabel('국가유공자증 번호').fill('11-23456');
  await page.getByRole('button', { name: '다음' }).click();
  const programmes = new Programmes(page);
  await programmes.start();
  await expect(page.getByTestId('document')).toHaveCount(2);
  await programmes.uploadAll();
  await programmes.send();
});


test('the signed-in programme pages have no accessibility violations in Korean and English', async ({ page, context, baseURL }) => {
  const resident = new Resident(page, newEmail('axe-programmes'), '김접근');
  await resident.signUp();
  const programmes = new Programmes(page);
  await programmes.answerLoanQuestions(newBusinessNumber());
  const check = page.url();
  const reference = await programmes.start();
  promote(resident.email);
  await resident.logOut();
  await resident.logIn();
  for (const lang of ['ko', 'en']) {
    await context.addCookies([{ name: 'lang', value: lang, url: baseURL! }]);
    for (const [what, path] of [['the check page', check], ['a draft application', `/me/applications/${reference}`],
      ['my applications', '/me/applications'], ['the staff review list', '/staff/programmes']]) {
      await visit(page, path.replace(baseURL!, ''));
      await axeClean(page, `${what} (${lang})`);
    }
  }
});
