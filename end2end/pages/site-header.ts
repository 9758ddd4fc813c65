// Page object of the header every page shares: the brand, the sections, the text-size control
// (글자 크기: three links that set a cookie and come back) and the language switch.
import { Page, Locator } from '@playwright/test';
import { expect, islandsAwake } from '../fixtures';

export type TextSize = 'standard' | 'large' | 'largest';
export const TEXT_SIZES: TextSize[] = ['standard', 'large', 'largest'];

export class SiteHeader {
  readonly page: Page;
  readonly brand: Locator;
  readonly sections: Locator;
  readonly textSize: Locator;
  readonly languageSwitch: Locator;

  constructor(page: Page) {
    this.page = page;
    const header = page.locator('header.site-header');
    this.brand = header.getByRole('link').first();
    this.sections = header.locator('nav.site-nav').getByRole('link');
    this.textSize = page.getByTestId('text-size');
    this.languageSwitch = page.getByTestId('lang-switch');
  }

  sizeLink(size: TextSize): Locator {
    return this.page.getByTestId(`text-size-${size}`);
  }

  /** Every link of the header, in reading order. */
  links(): Locator {
    return this.page.locator('header.site-header a');
  }

  async currentTextSize(): Promise<string | null> {
    return this.page.locator('html').getAttribute('data-text-size');
  }

  /** Chooses a text size and waits for the page to come back in it. */
  async chooseTextSize(size: TextSize) {
    await islandsAwake(this.page);
    await this.sizeLink(size).click();
    await this.expectTextSize(size);
  }

  async expectTextSize(size: TextSize) {
    await expect(this.page.locator('html')).toHaveAttribute('data-text-size', size);
    await expect(this.sizeLink(size)).toHaveAttribute('aria-current', 'true');
  }

  /** Switches to the other language and waits for the page to come back in it. */
  async switchLanguage() {
    await islandsAwake(this.page);
    const before = await this.page.locator('html').getAttribute('lang');
    await this.languageSwitch.click();
    await expect(this.page.locator('html')).toHaveAttribute('lang', before === 'ko' ? 'en' : 'ko');
    await islandsAwake(this.page);
  }
}
