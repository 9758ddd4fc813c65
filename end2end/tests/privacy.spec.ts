// Privacy in a real browser (issue 23 §3): the notice one click from every page's footer, in Korean
// and English; a resident downloads their data and deletes their account, with JavaScript on and off,
// at both widths (the desktop and phone projects), axe-clean (axe runs in the page: with JavaScript on).
import { readFileSync } from 'node:fs';
import { test, expect, visit } from '../fixtures';
import { axeClean } from '../pages/axe';
import { PASSWORD, Resident, newEmail } from '../pages/resident';

const UNDERSTOOD = '계정을 지우면 되돌릴 수 없다는 것을 알고 있습니다';

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'with JavaScript off', () => {
    test.use({ javaScriptEnabled });

    test('the privacy notice is reached from the footer and reads in Korean and English', async ({ page, context, baseURL }) => {
      await visit(page, '/courses');
      await page.getByTestId('footer-privacy').click();
      await expect(page).toHaveURL(/\/privacy$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('개인정보 처리방침');
      await expect(page.locator('#programmes')).toContainText('90일');
      if (javaScriptEnabled) await axeClean(page, 'the privacy notice');
      await context.addCookies([{ name: 'lang', value: 'en', url: baseURL! }]);
      await visit(page, '/privacy');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Privacy notice');
      await expect(page.locator('#programmes')).toContainText('90 days');
      if (javaScriptEnabled) await axeClean(page, 'the privacy notice in English');
    });

    test('a resident downloads their data, then deletes the account with the password', async ({ page }) => {
      const jung = new Resident(page, newEmail('privacy'), '정보람');
      await jung.signUp();
      await jung.addChild('하늘', '2023-05-01');
      await visit(page, '/me');
      const links = page.getByTestId('my-data-links');
      const downloading = page.waitForEvent('download');
      await links.getByRole('link', { name: '내 정보 내려받기 (JSON)' }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toMatch(/^dongne-my-data-\d{4}-\d{2}-\d{2}\.json$/);
      const data = JSON.parse(readFileSync((await download.path())!, 'utf8'));
      expect(data.account.email).toBe(jung.email);
      expect(data.children.map((c: { name: string }) => c.name)).toEqual(['하늘']);

      await links.getByRole('link', { name: '계정 삭제' }).click();
      await expect(page).toHaveURL(/\/me\/delete-account$/);
      await expect(page.getByTestId('delete-effects')).toContainText('대기자');
      if (javaScriptEnabled) await axeClean(page, 'deleting the account');
      await page.getByLabel('지금 비밀번호').fill('not the password at all');
      await page.getByLabel(UNDERSTOOD).check();
      await page.getByRole('button', { name: '계정 삭제' }).click();
      await expect(page.getByTestId('form-error')).toContainText('비밀번호가 맞지 않습니다');
      await expect(page).toHaveURL(/\/me\/delete-account$/);

      await page.getByLabel('지금 비밀번호').fill(PASSWORD);
      await page.getByLabel(UNDERSTOOD).check();
      await page.getByRole('button', { name: '계정 삭제' }).click();
      await expect(page).toHaveURL(/\/privacy\?deleted=1$/);
      await expect(page.getByTestId('account-deleted')).toBeVisible();
      await expect(page.getByTestId('log-in-link')).toBeVisible();
      if (javaScriptEnabled) await axeClean(page, 'the notice after deleting');
      await visit(page, '/me');
      await expect(page).toHaveURL(/\/log-in\?next=%2Fme$/);
      await page.getByLabel('이메일').fill(jung.email);
      await page.getByLabel('비밀번호').fill(PASSWORD);
      await page.getByRole('button', { name: '로그인' }).click();
      await expect(page.getByTestId('form-error')).toBeVisible();
    });
  });
}
