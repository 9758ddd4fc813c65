// Page object of booking a kids-café session: from the branch's week to the confirmation, and
// "my bookings" with its cancel button. Steps use the pages' labels and roles, so they work the same
// with JavaScript on or off; the keyboard variants reach each control with Tab alone.
import { Page } from '@playwright/test';
import { expect, islandsAwake, visit } from '../fixtures';
import { tabTo } from './keyboard';

export class Booking {
  reference = '';

  constructor(readonly page: Page) {}

  /** 키즈카페 in the header → the 중곡 branch → the first session that can be booked now. */
  async openFirstBookableSession() {
    await visit(this.page, '/kids-cafe');
    await this.page.locator('[data-branch="junggok"] a[href="/kids-cafe/junggok"]').click();
    await expect(this.page).toHaveURL(/\/kids-cafe\/junggok$/);
    await islandsAwake(this.page);
    await this.page.locator('[data-testid="session"][data-state="bookable"] a.book').first().click();
    await expect(this.page).toHaveURL(/\/kids-cafe\/book\?session=\d+$/);
  }

  async chooseChild(name: string) {
    await this.page.getByLabel(name).check();
    await this.page.getByRole('button', { name: '다음' }).click();
    await expect(this.page).toHaveURL(/\/kids-cafe\/book\/check\?session=\d+&child=\d+$/);
    await expect(this.page.getByTestId('answers')).toContainText(name);
  }

  async confirm() {
    await this.page.getByRole('button', { name: '예약 확정' }).click();
    await this.expectConfirmation();
  }

  async expectConfirmation() {
    await expect(this.page).toHaveURL(/\/me\/bookings\/[KFC]-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await expect(this.page.getByTestId('booking-heading')).toHaveText('예약되었습니다');
    this.reference = (await this.page.getByTestId('reference').textContent())!.trim();
    expect(this.reference).toMatch(/^K-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  }

  /** The booking's row in "my bookings". */
  row() {
    return this.page.locator(`[data-testid="booking"][data-reference="${this.reference}"]`);
  }

  async openMyBookings() {
    await visit(this.page, '/me/bookings');
    await expect(this.row().getByTestId('booking-status')).toHaveText('예약됨');
  }

  async cancelFromMyBookings() {
    await this.row().getByRole('button', { name: /예약 취소/ }).click();
    await expect(this.page).toHaveURL(/\/me\/bookings$/);
    await expect(this.row().getByTestId('booking-status')).toHaveText('취소됨');
    await expect(this.row().getByTestId('cancel')).toHaveCount(0);
  }

  /** The same journey from the week view on, with Tab, Space and Enter only. */
  async byKeyboardFromBranch() {
    await visit(this.page, '/kids-cafe/junggok');
    await tabTo(this.page, '[data-state="bookable"] a.book');
    await this.page.keyboard.press('Enter');
    await expect(this.page).toHaveURL(/\/kids-cafe\/book\?session=\d+$/);
    await tabTo(this.page, 'input[name="child"]:checked');
    await tabTo(this.page, '[data-testid="choose-child"] button');
    await this.page.keyboard.press('Enter');
    await expect(this.page).toHaveURL(/\/kids-cafe\/book\/check/);
    await tabTo(this.page, '[data-testid="confirm"]');
    await this.page.keyboard.press('Enter');
    await this.expectConfirmation();
    await visit(this.page, '/me/bookings');
    await tabTo(this.page, `[data-reference="${this.reference}"] [data-testid="cancel"]`);
    await this.page.keyboard.press('Enter');
    await expect(this.row().getByTestId('booking-status')).toHaveText('취소됨');
  }
}
