// The staff desk in a real browser: a resident is refused, a staff member (signed up through the
// pages, then promoted with `dongne staff add`, as the district does it) opens the desk and a
// session's roster, records attendance when someone is booked, switches a branch to lottery and
// back; the public lottery and statistics pages render. axe runs on each page and screenshots of
// each are written to $SHOTS (default /tmp/staff-shots) at both widths, to be looked at.
import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import type { Page, TestInfo } from '@playwright/test';
import { test, expect, visit } from '../fixtures';
import { Resident, newEmail, promote } from '../pages/resident';

const SHOTS = process.env.SHOTS || '/tmp/staff-shots';

async function axeClean(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function shot(page: Page, info: TestInfo, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: `${SHOTS}/${info.project.name}-${name}.png`, fullPage: true });
}

test('a resident is refused the staff desk', async ({ page }) => {
  await new Resident(page, newEmail('resident'), '주민').signUp();
  await visit(page, '/staff', { status: 403 });
  await expect(page.getByTestId('staff-only')).toBeVisible();
});

test('staff open the desk and a roster, and switch a branch to lottery and back', async ({ page }, info) => {
  const email = newEmail('staff');
  const staff = new Resident(page, email, '직원');
  await staff.signUp();
  promote(email);
  // the role is read at login (a running session sees it within 30 s)
  await staff.logOut();
  await staff.logIn();
  await expect(page).toHaveURL(/\/me$/);
  await visit(page, '/staff');
  await expect(page.getByTestId('staff-page')).toBeVisible();
  await axeClean(page);
  await shot(page, info, 'staff');

  await page.getByTestId('session-link').first().click();
  await expect(page.getByTestId('staff-session-page')).toBeVisible();
  const rows = page.getByTestId('roster-row');
  if ((await rows.count()) > 0) {
    await rows.first().getByTestId('mark-attended').click();
    await expect(page.getByTestId('done')).toBeVisible();
  } else {
    await expect(page.getByTestId('empty-roster')).toBeVisible();
  }
  await axeClean(page);
  await shot(page, info, 'session');
  await page.getByTestId('close-session').click();
  await expect(page.getByTestId('confirm-close')).toBeVisible();
  await shot(page, info, 'session-confirm-close');

  // desktop and phone run at once against one server: each switches its own branch
  const branch = info.project.name === 'phone' ? 'jayang' : 'junggok';
  await visit(page, '/staff');
  await page.getByTestId(`mode-${branch}`).getByRole('button').click();
  await expect(page.getByTestId(`mode-${branch}`).getByTestId('mode')).toHaveText('추첨');
  await visit(page, `/kids-cafe/lottery/${branch}`);
  await expect(page.getByTestId('mode')).toHaveText('추첨');
  await shot(page, info, 'lottery');
  await visit(page, '/staff');
  await page.getByTestId(`mode-${branch}`).getByRole('button').click();
  await expect(page.getByTestId(`mode-${branch}`).getByTestId('mode')).toHaveText('선착순');
});

test('the statistics and lottery pages render for anyone, in both languages', async ({ page, context, baseURL }, info) => {
  await visit(page, '/kids-cafe/stats');
  await expect(page.getByTestId('stats-page')).toBeVisible();
  await shot(page, info, 'stats');
  await context.addCookies([{ name: 'lang', value: 'en', url: baseURL! }]);
  await visit(page, '/kids-cafe/stats');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kids-café statistics');
  await shot(page, info, 'stats-en');
  await visit(page, '/kids-cafe/lottery/junggok');
  await expect(page.getByText('Check it yourself')).toBeVisible();
  await shot(page, info, 'lottery-en');
});
