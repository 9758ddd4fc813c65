// Page object of a resident's account: signing up, adding a child, logging out and in. Each step
// uses the pages' own forms, by their labels, so it works the same with JavaScript on or off.
import { execFileSync } from 'node:child_process';
import { Page } from '@playwright/test';
import { expect, islandsAwake, visit } from '../fixtures';
import { tabTo } from './keyboard';

export const PASSWORD = 'correct horse battery';

/** A fresh email for each test (tests share one server and may run twice: desktop and phone). */
export function newEmail(who: string): string {
  return `${who}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

/** Gives the account the staff role with the server's own command, on the server's database. */
export function promote(email: string) {
  dongne('staff', 'add', email);
}

/** Lets the account act for an agency of the smart-city platform (`dongne agencies grant`). */
export function grantAgency(email: string, agency: string) {
  dongne('agencies', 'grant', email, agency);
}

/** Runs the real command on the test server's database. */
function dongne(...args: string[]) {
  const databaseUrl = process.env.E2E_DATABASE_URL;
  if (!databaseUrl) throw new Error('E2E_DATABASE_URL is not set: run through end2end/run.sh');
  execFileSync(process.env.DONGNE_BIN || '../target/release/dongne', args, {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: 'pipe',
  });
}

export class Resident {
  constructor(readonly page: Page, readonly email: string, readonly name: string) {}

  async signUp() {
    await visit(this.page, '/sign-up');
    await this.page.getByLabel('이메일').fill(this.email);
    await this.page.getByLabel('이름').fill(this.name);
    await this.page.getByLabel('비밀번호').fill(PASSWORD);
    await this.page.getByLabel('우리 구에 살고 있습니다').check();
    await this.page.getByRole('button', { name: '가입하기' }).click();
    await expect(this.page).toHaveURL(/\/me\?welcome=1$/);
    await expect(this.page.getByTestId('account-name')).toContainText(this.name);
  }

  /** The same, with the keyboard alone. */
  async signUpByKeyboard() {
    await visit(this.page, '/sign-up');
    await tabTo(this.page, '#email');
    await this.page.keyboard.type(this.email);
    await tabTo(this.page, '#name');
    await this.page.keyboard.type(this.name);
    await tabTo(this.page, '#password');
    await this.page.keyboard.type(PASSWORD);
    await tabTo(this.page, '#resident');
    await this.page.keyboard.press('Space');
    await this.page.keyboard.press('Tab');
    await this.page.keyboard.press('Enter');
    await expect(this.page).toHaveURL(/\/me\?welcome=1$/);
  }

  async addChild(name: string, birthDate: string) {
    if (!this.page.url().endsWith('/me') && !this.page.url().includes('/me?')) await visit(this.page, '/me');
    await this.page.getByLabel('자녀 이름').fill(name);
    await this.page.getByLabel('생년월일').fill(birthDate);
    await this.page.getByRole('button', { name: '자녀 등록' }).click();
    await expect(this.page.getByTestId('children')).toContainText(name);
  }

  async logOut() {
    await this.page.getByTestId('log-out').first().click();
    await expect(this.page.getByTestId('log-in-link')).toBeVisible();
  }

  /**
   * Logs in and, with the right password, waits until the signed-in page has finished loading (its
   * session-timer script too): going elsewhere earlier aborts that page's requests mid-flight.
   */
  async logIn(password = PASSWORD) {
    await visit(this.page, '/log-in');
    await this.page.getByLabel('이메일').fill(this.email);
    await this.page.getByLabel('비밀번호').fill(password);
    await this.page.getByRole('button', { name: '로그인' }).click();
    if (password !== PASSWORD) return;
    await expect(this.page).not.toHaveURL(/\/log-in(\?|$)/);
    await expect(this.page.getByTestId('account-name')).toContainText(this.name);
    await islandsAwake(this.page);
    await this.page.waitForLoadState('load');
  }
}
