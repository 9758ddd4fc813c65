// The agency platform as an agency's officer uses it: granted an agency (as `dongne agencies grant`
// does), they register a service from the open-data page, issue a key shown once, a device pushes
// records with it, the records appear in the service's dataset, and a revoked key is refused.
// With JavaScript on and off; an account without an agency is told how to get one.
import { test, expect, visit } from '../fixtures';
import { axeClean } from '../pages/axe';
import { Resident, grantAgency as grant, newEmail } from '../pages/resident';

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? 'with JavaScript' : 'with JavaScript off', () => {
    test.use({ javaScriptEnabled });

    test('an agency registers a service, gets a key once, pushes records and revokes the key', async ({ page, request }) => {
      const officer = new Resident(page, newEmail('agency'), '김기관');
      await officer.signUp();
      grant(officer.email, 'koroad');
      await visit(page, '/data');
      await page.getByTestId('agency-link').click();
      await expect(page).toHaveURL(/\/agency$/);
      await expect(page.getByTestId('agency-name')).toHaveText('도로교통공단');

      const name = `스마트 횡단보도 ${Date.now() % 100000}-${javaScriptEnabled ? 'js' : 'nojs'}`;
      await page.getByLabel('서비스 이름').fill(name);
      await page.getByLabel('설명', { exact: true }).fill('보행자 대기 인원과 보행신호 연장');
      await page.getByLabel('담당자 연락처 (이메일 또는 전화)').fill('ops@koroad.example.kr');
      await page.getByLabel('분류').selectOption('traffic-safety');
      await page.getByRole('button', { name: '등록하기' }).click();
      await expect(page).toHaveURL(/\/agency\/services\/\d+\?done=registered$/);
      await expect(page.getByTestId('done')).toContainText('서비스를 등록했습니다');
      const service = new URL(page.url()).pathname.split('/').pop()!;

      await page.getByRole('button', { name: '새 키 발급' }).click();
      await expect(page).toHaveURL(new RegExp(`/agency/services/${service}\\?done=key$`));
      const key = await page.getByTestId('new-key').inputValue();
      expect(key).toMatch(/^dongne_sk_[A-Za-z0-9_-]{43}$/);
      // shown once: the same page again does not have it
      await visit(page, `/agency/services/${service}`);
      await expect(page.getByTestId('new-key')).toHaveCount(0);
      await expect(page.getByTestId('key')).toHaveCount(1);

      const record = { crossing: 'CW-77', measured_at: '2026-12-07T08:00:00+09:00', waiting: 12, lat: 37.5447, lon: 127.0558 };
      const pushed = await request.post(`/api/v1/services/${service}/records`, {
        headers: { authorization: `Bearer ${key}` }, data: { records: [record, { ...record, waiting: 3 }] },
      });
      expect(pushed.status()).toBe(201);
      const refused = await request.post(`/api/v1/services/${service}/records`, {
        headers: { authorization: `Bearer ${key}` }, data: { records: [{ ...record, waiting: 'many' }] },
      });
      expect(refused.status()).toBe(400);
      expect((await refused.json()).message).toContain('‘waiting’ 값이 스키마의 형식에 맞지 않습니다');

      await page.getByTestId('dataset-link').click();
      await expect(page).toHaveURL(/\/data\/\d+$/);
      await expect(page.getByTestId('dataset-title')).toContainText(name);
      await expect(page.getByTestId('preview').locator('tbody tr')).toHaveCount(2);

      await visit(page, `/agency/services/${service}`);
      await page.getByRole('button', { name: /키 폐기/ }).click();
      await expect(page.getByTestId('done')).toContainText('키를 폐기했습니다');
      await expect(page.getByTestId('key').locator('[data-field="state"]')).toContainText('폐기');
      const afterRevoke = await request.post(`/api/v1/services/${service}/records`, {
        headers: { authorization: `Bearer ${key}` }, data: { records: [record] },
      });
      expect(afterRevoke.status()).toBe(401);
    });
  });
}

test('an account without an agency is told how to get one', async ({ page }) => {
  await new Resident(page, newEmail('no-agency'), '이주민').signUp();
  await visit(page, '/agency', { status: 403 });
  await expect(page.getByTestId('no-agency')).toContainText('스마트정보과');
});

test('a refused registration says why and keeps nothing', async ({ page }) => {
  const officer = new Resident(page, newEmail('agency-bad'), '박기관');
  await officer.signUp();
  grant(officer.email, 'seoul');
  await visit(page, '/agency');
  await page.getByLabel('서비스 이름').fill('잘못된 스키마');
  await page.getByLabel('설명', { exact: true }).fill('시험');
  await page.getByLabel('담당자 연락처 (이메일 또는 전화)').fill('02-2133-0000');
  await page.getByLabel('기록의 스키마 (한 줄에 항목 하나)').fill('Name | colour | 이름');
  await page.getByRole('button', { name: '등록하기' }).click();
  await expect(page.getByTestId('form-error')).toContainText('형식을 알 수 없습니다');
  await expect(page.getByTestId('service')).toHaveCount(0);
});

test('the agency pages have no accessibility violations in Korean and English', async ({ page, context, baseURL }) => {
  const officer = new Resident(page, newEmail('agency-axe'), '최기관');
  await officer.signUp();
  grant(officer.email, 'parks');
  await visit(page, '/agency');
  await page.getByLabel('서비스 이름').fill(`공원 이용객 ${Date.now() % 100000}`);
  await page.getByLabel('설명', { exact: true }).fill('공원 입구 계수기');
  await page.getByLabel('담당자 연락처 (이메일 또는 전화)').fill('parks@district.example.kr');
  await page.getByRole('button', { name: '등록하기' }).click();
  await expect(page).toHaveURL(/\/agency\/services\/\d+\?done=registered$/);
  const service = new URL(page.url()).pathname;
  await page.getByRole('button', { name: '새 키 발급' }).click();
  await expect(page.getByTestId('new-key')).toBeVisible();
  await axeClean(page, 'a new key (ko)');
  for (const lang of ['ko', 'en']) {
    await context.addCookies([{ name: 'lang', value: lang, url: baseURL! }]);
    for (const path of ['/agency', service]) {
      await visit(page, path);
      await axeClean(page, `${path} (${lang})`);
    }
  }
});
