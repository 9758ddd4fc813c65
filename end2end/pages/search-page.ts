// Page object of the course search (/courses): the search box, facets, results and pager.
import { expect, Page, Locator } from '@playwright/test';

export class SearchPage {
  readonly page: Page;
  readonly box: Locator;
  readonly total: Locator;
  readonly cards: Locator;

  constructor(page: Page) {
    this.page = page;
    this.box = page.locator('#q');
    this.total = page.getByTestId('result-total');
    this.cards = page.getByTestId('course-card');
  }

  async open(query = '') {
    await this.page.goto(`/courses${query}`);
  }

  /** The number in "강좌 1,234개" / "1,234 courses". */
  async totalCount(): Promise<number> {
    const text = (await this.total.textContent()) || '';
    return Number(text.replace(/[^0-9]/g, ''));
  }

  facetOption(facet: string, label: string): Locator {
    return this.page.locator(`details[data-facet="${facet}"] label.facet-option`).filter({ hasText: label });
  }

  /** Ticks a facet value, opening its group first when it is folded. */
  async tick(facet: string, label: string) {
    const group = this.page.locator(`details[data-facet="${facet}"]`);
    if (!(await group.evaluate((d: HTMLDetailsElement) => d.open))) {
      await group.locator('summary').click();
    }
    await this.facetOption(facet, label).locator('input').check();
  }

  async openFirstCourse() {
    const first = this.cards.first().getByRole('link');
    const title = (await first.textContent())!.trim();
    await first.click();
    await expect(this.page.getByRole('heading', { level: 1 })).toBeVisible();
    return title;
  }
}
