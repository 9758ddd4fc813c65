// Air quality in a real browser: the map shows the district's 80 sensors as dots and rows, a
// sensor's page takes a new signed reading live (within 2 s, through the event stream), the map
// works with JavaScript off (sorting by links), and axe finds nothing on the air pages at both
// widths and in both languages.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, visit } from '../fixtures';
import { AirMapPage, SensorPage, SignedSensor } from '../pages/air';

const SENSORS = 80;

async function axeClean(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('the map shows every sensor as a dot linked to its page, and the table the same sensors', async ({ page }) => {
  const air = new AirMapPage(page);
  await air.open();
  await expect(air.map).toBeVisible();
  await expect(air.dots).toHaveCount(SENSORS);
  await expect(air.rows).toHaveCount(SENSORS);
  await expect(air.dot('DB-001')).toHaveAttribute('href', '/air/sensors/DB-001');
  await expect(air.district).toBeVisible();
  // the map scales to the screen: never wider than the page
  const box = await air.map.boundingBox();
  expect(box!.width).toBeLessThanOrEqual(page.viewportSize()!.width);
});

test('a new signed reading appears on the sensor page within 2 seconds', async ({ page, request }, info) => {
  // a sensor per project: issuing a key revokes the last one, and the two projects run at once
  const id = info.project.name === 'phone' ? 'DB-012' : 'DB-011';
  const device = new SignedSensor(id);
  const sensor = new SensorPage(page, id);
  await sensor.open();
  // a value no simulated reading is likely to hold, so the change is ours
  const noise = 77 + Math.floor(Math.random() * 20);
  const sent = await device.send(request, { noise, pm10: 41, pm25: 17, no2: 0.021, o3: 0.027 });
  expect(sent.status(), await sent.text()).toBeLessThan(300);
  await expect(sensor.factorValue('noise')).toHaveText(`${noise} dB(A)`, { timeout: 2_000 });
});

test('the map page and the response page render in English too', async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: 'lang', value: 'en', url: baseURL! }]);
  await visit(page, '/air');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Air quality in our district');
  await visit(page, '/air/response');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Spraying truck: suggested round');
});

test('an unknown sensor is a 404 page with a way back', async ({ page }) => {
  await visit(page, '/air/sensors/DB-999', { status: 404 });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('측정기를 찾을 수 없습니다');
  await expect(page.getByRole('link', { name: '대기질 지도로' })).toBeVisible();
});

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  test('the map, the table and sorting by column links all work', async ({ page }) => {
    const air = new AirMapPage(page);
    await air.open();
    await expect(air.dots).toHaveCount(SENSORS);
    await air.sortBy('pm10');
    await expect(page).toHaveURL(/sort=pm10/);
    await expect(page.locator('#air-table th[aria-sort="descending"]')).toContainText('PM10');
    await air.dot('DB-002').click();
    await expect(page).toHaveURL(/\/air\/sensors\/DB-002$/);
    await expect(new SensorPage(page, 'DB-002').factors).toBeVisible();
  });
});

for (const lang of ['ko', 'en']) {
  test(`axe finds nothing on the air pages (${lang})`, async ({ page, context, baseURL }) => {
    if (lang === 'en') await context.addCookies([{ name: 'lang', value: 'en', url: baseURL! }]);
    for (const path of ['/air', '/air?sort=grade', '/air/sensors/DB-001', '/air/response']) {
      await visit(page, path);
      await axeClean(page);
    }
    await visit(page, '/air/sensors/DB-999', { status: 404 });
    await axeClean(page);
  });
}
