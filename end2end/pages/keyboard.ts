// Moving through a page with the keyboard alone.
import { Page } from '@playwright/test';
import { expect } from '../fixtures';

/** What has the focus now, as the tests describe it (tag, id, test id, text). */
export async function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'nothing (the body)';
    const testId = el.getAttribute('data-testid') ?? el.closest('[data-testid]')?.getAttribute('data-testid');
    return `<${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}>${testId ? ` in ${testId}` : ''} "${(el.textContent || (el as HTMLInputElement).value || '').trim().slice(0, 40)}"`;
  });
}

/**
 * Presses Tab until the focused element matches `selector` (at most `max` times), and checks the
 * focus can be seen there. Returns how many presses it took.
 */
export async function tabTo(page: Page, selector: string, { max = 60 } = {}): Promise<number> {
  const visited: string[] = [];
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => !!document.activeElement?.matches(s), selector)) return presses;
    visited.push(await focused(page));
  }
  throw new Error(`${max} presses of Tab did not reach ${selector}; the focus went through:\n  ${visited.join('\n  ')}`);
}

/** The focused element shows a focus indicator (an outline drawn by :focus-visible). */
export async function expectVisibleFocus(page: Page) {
  const outline = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    return { visible: el.matches(':focus-visible'), style: getComputedStyle(el).outlineStyle };
  });
  expect(outline, `focus ring on ${await focused(page)}`).toEqual({ visible: true, style: 'solid' });
}
