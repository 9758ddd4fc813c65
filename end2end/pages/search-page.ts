// Page object of the course search (/courses): the search box, facets, results and pager. On a
// narrow screen the facets hide behind one "filters" button; the methods open it when they need to.
import { Page, Locator } from '@playwright/test';
import { expect, islandsAwake, visit } from '../fixtures';

export class SearchPage {
  readonly page: Page;
  readonly box: Locator;
  readonly total: Locator;
  readonly cards: Locator;
  /** The phone's "조건으로 좁히기 (2개 선택)" button (hidden on wide screens). */
  readonly filtersButton: Locator;
  /** The visually hidden checkbox the button is the label of: keyboard users tick it. */
  readonly filtersToggle: Locator;
  /** The facet panel (beside the results on wide screens, behind the button on phones). */
  readonly filters: Locator;

  constructor(page: Page) {
    this.page = page;
    this.box = page.locator('#q');
    this.total = page.getByTestId('result-total');
    this.cards = page.getByTestId('course-card');
    this.filtersButton = page.getByTestId('filters-button');
    this.filtersToggle = page.locator('#show-filters');
    this.filters = page.locator('aside.facets');
  }

  async open(query = '', options: { status?: number } = {}) {
    await visit(this.page, `/courses${query}`, options);
  }

  /** Waits for the live search to wake up (nothing to wait for with JavaScript off). */
  async ready() {
    await islandsAwake(this.page);
  }

  /** The number in "강좌 1,234개" / "1,234 courses". */
  async totalCount(): Promise<number> {
    const text = (await this.total.textContent()) || '';
    return Number(text.replace(/[^0-9]/g, ''));
  }

  /** Whether the facets sit behind the filters button (a narrow screen). */
  async filtersAreFolded(): Promise<boolean> {
    return this.filtersButton.isVisible();
  }

  /** Shows the facet panel: on a phone, by pressing the filters button when it is closed. */
  async openFilters() {
    if ((await this.filtersAreFolded()) && !(await this.filtersToggle.isChecked())) {
      await this.filtersButton.click();
    }
    await expect(this.filters).toBeVisible();
  }

  facetGroup(facet: string): Locator {
    return this.page.locator(`details[data-facet="${facet}"]`);
  }

  facetOption(facet: string, label: string): Locator {
    return this.facetGroup(facet).locator('label.facet-option').filter({ hasText: label });
  }

  facetBox(facet: string, label: string): Locator {
    return this.facetOption(facet, label).locator('input');
  }

  /** Unfolds a facet group when it is folded. */
  async unfold(facet: string) {
    const group = this.facetGroup(facet);
    if (!(await group.evaluate((d: HTMLDetailsElement) => d.open))) {
      await group.locator('summary').click();
    }
  }

  /** Ticks a facet value: opens the filters (phone) and the value's group first when needed. */
  async tick(facet: string, label: string) {
    await this.ready();
    await this.openFilters();
    await this.unfold(facet);
    await this.facetBox(facet, label).check();
  }

  /** Presses the "조건 적용" button (shown when JavaScript is off). */
  async applyFilters() {
    await this.page.getByRole('button', { name: /조건 적용|Apply filters/ }).click();
  }

  async openFirstCourse() {
    await this.ready();
    const first = this.cards.first().getByRole('link');
    const title = (await first.textContent())!.trim();
    await first.click();
    await expect(this.page.getByRole('heading', { level: 1 })).toBeVisible();
    return title;
  }
}
