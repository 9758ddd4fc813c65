// axe-core on the page shown (WCAG 2.0 and 2.1, A and AA, with the label-in-name rule on): the
// violations, each with the nodes it found, must be none. `what` names the page in the failure.
import AxeBuilder from '@axe-core/playwright';
import { Page } from '@playwright/test';
import { expect } from '../fixtures';

export async function axeClean(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), what).toEqual([]);
}
