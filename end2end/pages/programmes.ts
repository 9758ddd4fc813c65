// Page object of the district programmes: the loan's eligibility questions one page at a time, the
// application's documents and sending it, the allowance's questions. Each step uses the pages' own
// forms by their labels, so it works the same with JavaScript on or off.
import { Page } from '@playwright/test';
import { expect, visit } from '../fixtures';

/** A business registration number nobody else in this run has, with its National Tax Service check digit. */
export function newBusinessNumber(): string {
  const d = Array.from({ length: 9 }, () => Math.floor(Math.random() * 10));
  const weights = [1, 3, 7, 1, 3, 7, 1, 3, 5];
  let sum = d.reduce((s, x, i) => s + x * weights[i], 0);
  sum += Math.floor((d[8] * 5) / 10);
  const digits = [...d, (10 - (sum % 10)) % 10].join('');
  return `${digits.slice(0, 3)}-${digits.slice(3, 5)}-${digits.slice(5)}`;
}

/** A small but real PDF, named as a resident would name it. */
export function pdf(name: string) {
  return { name, mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n') };
}

export class Programmes {
  constructor(readonly page: Page) {}

  private async next() {
    await this.page.getByRole('button', { name: '다음' }).click();
  }

  /** Answers the loan's six questions as a sole proprietor in manufacturing borrowing 50,000,000 against real estate. */
  async answerLoanQuestions(businessNumber: string) {
    const round = (await (await this.page.request.get('/api/v1/programmes')).json()).programmes[0].open_round;
    await visit(this.page, '/programmes/sme-loan/apply');
    await this.page.getByLabel('예', { exact: true }).check();
    await this.next();
    await this.page.getByLabel('제조업').check();
    await this.next();
    await this.page.getByLabel('부동산 담보').check();
    await this.next();
    // the round's first day: on or before today and the bank's deadline, whatever today is
    await this.page.getByLabel('평가일(또는 보증서 발급일)').fill(round.opens);
    await this.page.getByLabel('은행 담보평가액(원)').fill('80,000,000');
    await this.next();
    await this.page.getByLabel('융자 금액(원)').fill('50,000,000');
    await this.page.getByLabel('시설자금').check();
    await this.next();
    await this.page.getByLabel('상호').fill('동네공방');
    await this.page.getByLabel('사업자등록번호').fill(businessNumber);
    await this.page.getByLabel('아니요', { exact: true }).check();
    await this.next();
    await expect(this.page.getByTestId('eligible')).toContainText('신청 대상입니다');
    await expect(this.page.getByTestId('schedule').locator('tbody tr')).toHaveCount(20);
  }

  /** Starts the application on the check page; answers its reference. */
  async start(): Promise<string> {
    await this.page.getByRole('button', { name: '신청 시작하기' }).click();
    await expect(this.page).toHaveURL(/\/me\/applications\/[LH]-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    return (await this.page.getByTestId('reference').textContent())!.trim();
  }

  /** Uploads a PDF for every document the application still needs. */
  async uploadAll() {
    const pending = this.page.locator('[data-testid="document"][data-uploaded="false"]');
    const total = await this.page.getByTestId('document').count();
    for (let left = await pending.count(); left > 0; left--) {
      const doc = pending.first();
      const kind = await doc.getAttribute('data-kind');
      await doc.locator('input[type=file]').setInputFiles(pdf(`${kind}.pdf`));
      await doc.getByRole('button', { name: /올리기/ }).click();
      await expect(this.page.locator(`[data-testid="document"][data-kind="${kind}"]`)).toHaveAttribute('data-uploaded', 'true');
    }
    await expect(this.page.locator('[data-testid="document"][data-uploaded="true"]')).toHaveCount(total);
  }

  async send() {
    await this.page.getByRole('button', { name: '신청 제출' }).click();
    await expect(this.page.getByRole('heading', { level: 1 })).toHaveText('신청을 제출했습니다');
    await expect(this.page.getByTestId('application-state').first()).toHaveText('심사 중');
  }
}
