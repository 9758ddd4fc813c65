// Page object of the social economy: booking a thrift-store drop-off slot, asking for its donation
// receipt, the staff desk's forms, and a Coffee Jigi catering request. Each step uses the pages'
// own forms by their labels, so it works the same with JavaScript on or off.
import { Page } from '@playwright/test';
import { expect, visit } from '../fixtures';

export class Social {
  constructor(readonly page: Page) {}

  /**
   * Books a drop-off slot that still has room (a random one of the first day's, so tests running
   * side by side rarely meet in one slot); returns the booking reference.
   */
  async bookDropoff(): Promise<string> {
    await visit(this.page, '/programmes/thrift-store');
    const buttons = this.page.getByTestId('dropoff-slot').getByRole('button');
    const count = await buttons.count();
    expect(count, 'a slot to book').toBeGreaterThan(0);
    await buttons.nth(Math.floor(Math.random() * count)).click();
    await expect(this.page).toHaveURL(/\/me\/applications\/dropoff\/D-/);
    return (await this.page.getByTestId('reference').textContent())!.trim();
  }

  async askForReceipt(name: string) {
    await this.page.getByLabel('기부자 이름 (사업자는 상호)').fill(name);
    await this.page.getByLabel('생년월일 (개인)').fill('1980-03-04');
    await this.page.getByLabel('물품 1', { exact: true }).fill('겨울 외투 2벌');
    await this.page.getByLabel('물품 1 신고 금액(원)').fill('60,000');
    await this.page.getByLabel('물품 2', { exact: true }).fill('냄비');
    await this.page.getByLabel('물품 2 신고 금액(원)').fill('15000');
    await this.page.getByRole('button', { name: '영수증 신청' }).click();
    await expect(this.page.getByTestId('receipt-waiting')).toBeVisible();
  }

  /** Staff: marks the drop-off received, then issues its receipt, from the desk. */
  async receiveAndIssue(reference: string) {
    await visit(this.page, '/staff/social');
    await this.page.getByRole('button', { name: `받음 확인 ${reference}` }).click();
    await expect(this.page.getByTestId('desk-done')).toContainText(reference);
    await this.page.getByRole('button', { name: `영수증 발급 ${reference}` }).click();
    await expect(this.page.getByTestId('desk-done')).toContainText(reference);
    await expect(this.page.locator(`[data-testid="desk-dropoff"][data-reference="${reference}"]`)).toContainText('영수증 발급됨');
  }

  /** Asks for catering on the earliest date the form offers; returns the request's reference. */
  async askForCatering(place: string) {
    await visit(this.page, '/programmes/coffee-jigi');
    await this.page.getByTestId('catering-link').click();
    await expect(this.page).toHaveURL(/\/programmes\/coffee-jigi\/catering$/);
    await this.page.getByLabel('장소').fill(place);
    await this.page.getByLabel('인원').fill('40');
    await this.page.getByLabel(/샌드위치 도시락/).check();
    await this.page.getByLabel('예산(원)').fill('400,000');
    await this.page.getByLabel('담당자 이름').fill('박담당');
    await this.page.getByLabel('연락처').fill('010-1234-5678');
    await this.page.getByRole('button', { name: '케이터링 신청' }).click();
    await expect(this.page).toHaveURL(/\/me\/applications\/catering\/J-/);
    return (await this.page.getByTestId('reference').textContent())!.trim();
  }

  /** Staff quote `amount` for the request `reference` from the desk. */
  async quote(reference: string, amount: string) {
    await visit(this.page, '/staff/social');
    const form = this.page.locator(`[data-testid="desk-catering"][data-reference="${reference}"]`);
    await form.getByLabel('견적 보내기').check();
    await form.getByLabel('견적 금액(원)').fill(amount);
    await form.getByRole('button', { name: `답변 보내기 ${reference}` }).click();
    await expect(this.page.getByTestId('desk-done')).toContainText(reference);
  }
}
