// A resident's account in a real browser: sign up, add a child, log out, a wrong password, log
// in; with JavaScript on, off, and by keyboard alone.
import { test, expect, visit } from '../fixtures';
import { Resident, newEmail } from '../pages/resident';

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'with JavaScript off', () => {
    test.use({ javaScriptEnabled });

    test('a resident signs up, adds a child, logs out, is refused a wrong password and logs back in', async ({ page }) => {
      const kim = new Resident(page, newEmail('kim'), '김동네');
      await kim.signUp();
      await kim.addChild('하늘', '2023-05-01');
      await kim.logOut();
      await kim.logIn('not the password at all');
      await expect(page.getByTestId('form-error')).toHaveText('이메일 또는 비밀번호가 맞지 않습니다.');
      await expect(page).toHaveURL(/\/log-in$/);
      await kim.logIn();
      await expect(page).toHaveURL(/\/me$/);
      await expect(page.getByTestId('children')).toContainText('하늘');
    });
  });
}

test('with the keyboard alone a resident signs up', async ({ page }) => {
  const lee = new Resident(page, newEmail('lee'), '이서연');
  await lee.signUpByKeyboard();
  await expect(page.getByTestId('account-name')).toContainText('이서연');
});

test('my account sends a guest to log in and back', async ({ page }) => {
  await visit(page, '/me');
  await expect(page).toHaveURL(/\/log-in\?next=%2Fme$/);
  const park = new Resident(page, newEmail('park'), '박민준');
  await park.signUp();
  await park.logOut();
  await visit(page, '/me');
  await page.getByLabel('이메일').fill(park.email);
  await page.getByLabel('비밀번호').fill('correct horse battery');
  await page.getByRole('button', { name: '로그인' }).click();
  await expect(page).toHaveURL(/\/me$/);
});

test('five minutes before the idle timeout a signed-in resident is warned and can stay logged in', async ({ page }) => {
  await page.clock.install();
  const han = new Resident(page, newEmail('han'), '한지우');
  await han.signUp();
  const warning = page.getByRole('alertdialog');
  // the deferred script arms its timer when it runs: time moved before that would be lost
  await expect(page.locator('.session-warning')).toBeAttached();
  await expect(warning).toBeHidden();
  await page.clock.fastForward('25:01');
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('로그인이 곧 끝납니다');
  const extended = page.waitForResponse((r) => r.url().endsWith('/api/extend_session'));
  await warning.getByRole('button', { name: '로그인 연장' }).click();
  expect((await extended).status()).toBe(200);
  await expect(warning).toBeHidden();
});
