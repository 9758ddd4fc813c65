// Page object of the car share: verifying a licence, picking a car's first free time (the time
// form is filled in with it), checking the price, confirming, and the trip's page. Every step uses
// the pages' own forms by their labels, so it works the same with JavaScript on or off.
import { Page } from '@playwright/test';
import { expect, visit } from '../fixtures';
import { tabTo } from './keyboard';

/** A licence number nobody else in this run has (one licence belongs to one account). */
export function newLicenceNumber(): string {
  const serial = String(Math.floor(Math.random() * 1e6)).padStart(6, '0');
  const check = String(Math.floor(Math.random() * 100)).padStart(2, '0');
  return `11-15-${serial}-${check}`;
}

export class CarShare {
  constructor(readonly page: Page) {}

  /** Verifies a licence issued in 2015 to someone born in 1990, valid until 2035. */
  async verifyLicence(number = newLicenceNumber()) {
    await visit(this.page, '/cars/licence');
    await this.page.getByLabel('면허 번호').fill(number);
    await this.page.getByLabel('발급일').fill('2015-03-02');
    await this.page.getByLabel('적성검사(갱신) 만료일').fill('2035-12-31');
    await this.page.getByLabel('생년월일').fill('1990-05-05');
    await this.page.getByRole('button', { name: '면허 확인' }).click();
    await expect(this.page).toHaveURL(/\/cars\?licence=verified$/);
    await expect(this.page.getByTestId('licence-status')).toContainText(number.slice(0, 2));
  }

  /** Opens car `car`'s week and asks for the price of its first free time (as the form suggests). */
  async checkFirstFreeTime(car: number) {
    await visit(this.page, `/cars/${car}`);
    await expect(this.page.getByTestId('week-table')).toBeVisible();
    await expect(this.page.getByLabel('출발')).not.toHaveValue('');
    await this.page.getByRole('button', { name: '요금 확인' }).click();
    await expect(this.page).toHaveURL(new RegExp(`/cars/${car}/check\\?`));
    await expect(this.page.getByTestId('price')).toContainText('원');
  }

  /**
   * Ends the trip shown: cancels it before it starts, or gives the car back once it is under way
   * (the first free time may be the half hour already begun). Answers the status word it then has.
   */
  async endTrip({ keyboard = false, english = false } = {}): Promise<string> {
    const started = (await this.page.getByTestId('cancel-form').count()) === 0;
    const form = started ? 'return-form' : 'cancel-form';
    if (keyboard) {
      await tabTo(this.page, `[data-testid="${form}"] button[type=submit]`);
      await this.page.keyboard.press('Enter');
    } else {
      await this.page.locator(`[data-testid="${form}"] button`).click();
    }
    const word = started ? (english ? 'Returned early' : '일찍 반납함') : (english ? 'Cancelled' : '취소됨');
    await expect(this.page.getByTestId('status')).toHaveText(word);
    return word;
  }

  /** Confirms on the check page; answers the trip's reference from its page. */
  async confirm(): Promise<string> {
    const price = (await this.page.getByTestId('price').textContent())!.trim();
    await this.page.getByRole('button', { name: '예약 확정' }).click();
    await expect(this.page).toHaveURL(/\/cars\/trips\/V-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    await expect(this.page.getByTestId('status')).toHaveText('예약됨');
    await expect(this.page.getByTestId('price')).toHaveText(price);
    return (await this.page.getByTestId('reference').textContent())!.trim();
  }
}
