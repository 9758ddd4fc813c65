// The browser tests listen. Every spec takes `test` and `expect` from here, and then a test fails
// when a page it visits
//   - throws (`pageerror`) or logs a console error, or a warning from our own scripts
//     (`/islands.js`, `/pkg/…`, e.g. "no island named …");
//   - has a request fail (`requestfailed`), or a sub-request answered 4xx/5xx;
//   - is itself answered 4xx/5xx, unless the test went there on purpose with `visit(page, path,
//     { status })`, which asserts that status;
//   - has islands (`<leptos-island>`) that never wake up while JavaScript is on: the wasm must be
//     fetched with 200 and every island must be listening to events before the test leaves the page.
// Problems are collected while the test runs and reported together when it ends.
import { test as base, expect, CDPSession, ConsoleMessage, Page, Request } from '@playwright/test';

export { expect };

/** A document the page loaded (not a same-document address change made by an island). */
type Visit = {
  url: string;
  status: number;
  /** which main-frame navigation brought it: requests started later belong to a later document */
  generation: number;
  /** the status of each `/pkg/….wasm` fetched while it was shown */
  wasm: string[];
  islands?: number;
  awake?: boolean;
  left?: boolean;
  /** the test went there on purpose and asserted this status */
  expected?: number;
  check?: Promise<void>;
};

/**
 * Console errors a test may meet and still pass, each matched exactly, so that anything else still
 * fails. Empty: Leptos's two fixed inline scripts are allowed by hash in the Content-Security-Policy
 * (server/src/edges.rs; server/tests/platform.rs checks every inline script against it).
 */
const KNOWN_CONSOLE_ERRORS: { pattern: RegExp; why: string }[] = [];

const WAKE_TIMEOUT = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Everything one page of the test did. */
class PageLog {
  readonly visits: Visit[] = [];
  readonly problems: string[] = [];
  /** Navigations answered with an attachment: the browser saves them and aborts the navigation. */
  private readonly downloads = new Set<Request>();
  readonly consoleErrors: { text: string; url: string }[] = [];
  private generation = 0;
  /** a document was asked for and has not committed yet */
  private navigating = false;
  private started = new WeakMap<Request, number>();
  private current?: Visit;
  private committing?: Visit;
  private cdp?: Promise<CDPSession>;
  private pendingAborts: Promise<void>[] = [];

  constructor(readonly page: Page, readonly javaScript: boolean, readonly origin: string) {
    page.on('request', (request) => {
      if (this.isDocument(request)) {
        this.generation += 1;
        this.navigating = true;
        this.started.set(request, this.generation);
        return;
      }
      // until the next document commits, only the one shown can ask for anything: its requests
      // belong to it, and the commit aborts them
      this.started.set(request, this.navigating ? this.generation - 1 : this.generation);
    });
    page.on('response', (response) => {
      const request = response.request();
      const status = response.status();
      if (this.isDocument(request)) {
        if (status >= 300 && status < 400) return; // a redirect: the document comes next
        // a download (`Content-Disposition: attachment`) is no document: the browser saves it and
        // aborts the navigation, which is what it should do
        if (status < 300 && /^attachment/i.test(response.headers()['content-disposition'] ?? '')) {
          this.downloads.add(request);
          this.navigating = false;
          return;
        }
        const visit: Visit = { url: response.url(), status, generation: this.generationOf(request), wasm: [] };
        this.visits.push(visit);
        this.committing = visit;
        return;
      }
      const during = this.visits.find((v) => v.generation === this.generationOf(request));
      if (/\/pkg\/[^/?#]+\.wasm([?#]|$)/.test(response.url())) {
        during?.wasm.push(`${status} ${new URL(response.url()).pathname}`);
      }
      if (status >= 400) {
        this.problems.push(`${status} for ${request.method()} ${response.url()} (a ${request.resourceType()} of ${during?.url ?? page.url()})`);
      }
    });
    page.on('requestfailed', (request) => {
      const error = request.failure()?.errorText ?? 'failed';
      if (this.isDocument(request)) this.navigating = false;
      if (error.includes('ERR_ABORTED') && this.downloads.has(request)) return;
      // the test moved on to another document before this one finished loading: not a defect.
      // Chromium may report the abort a moment before the next document's request, so an abort
      // with no navigation yet is judged once the next one has had a moment to start.
      if (error.includes('ERR_ABORTED') && this.generationOf(request) < this.generation) return;
      if (error.includes('ERR_ABORTED') && new URL(request.url()).pathname !== '/favicon.svg') {
        this.pendingAborts.push(this.abortExplained(request).then((explained) => {
          if (!explained) this.problems.push(`request failed (${error}): ${request.method()} ${request.url()}`);
        }));
        return;
      }
      // the tab's icon is fetched by the browser, not the page, and dropped when a navigation
      // starts before it arrives; a missing icon still fails as a 404 above
      if (error.includes('ERR_ABORTED') && new URL(request.url()).pathname === '/favicon.svg') return;
      // with JavaScript off the browser itself refuses to fetch scripts (reported as "csp")
      if (!this.javaScript && error === 'csp' && request.resourceType() === 'script') return;
      this.problems.push(`request failed (${error}): ${request.method()} ${request.url()}`);
    });
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) this.navigating = false;
      if (frame !== page.mainFrame() || !this.committing) return; // same-document: an island's pushState
      this.current = this.committing;
      this.committing = undefined;
      this.current.check = this.watchIslands(this.current);
    });
    page.on('pageerror', (error) => this.problems.push(`page error on ${page.url()}: ${error.stack ?? error.message}`));
    page.on('console', (message) => this.onConsole(message));
  }

  private isDocument(request: Request): boolean {
    return request.isNavigationRequest() && request.frame() === this.page.mainFrame();
  }

  /** Whether a navigation started within a second of an aborted request (which explains it). */
  private async abortExplained(request: Request): Promise<boolean> {
    const started = this.generationOf(request);
    for (let waited = 0; waited < 1000; waited += 50) {
      if (this.generation > started) return true;
      await sleep(50);
    }
    return this.generation > started || this.page.isClosed();
  }

  private generationOf(request: Request): number {
    return this.started.get(request) ?? this.generation;
  }

  private onConsole(message: ConsoleMessage) {
    const { url } = message.location();
    if (message.type() === 'error') {
      this.consoleErrors.push({ text: message.text(), url });
    } else if (message.type() === 'warning') {
      const path = url.startsWith(this.origin) ? new URL(url).pathname : '';
      if (path === '/islands.js' || path.startsWith('/pkg/') || /island/i.test(message.text())) {
        this.problems.push(`console warning on ${this.page.url()}: ${message.text()} (${url})`);
      }
    }
  }

  /** Waits for the islands of a freshly loaded document to wake up, while it is still shown. */
  private async watchIslands(visit: Visit) {
    if (!this.javaScript || !visit.url.startsWith(this.origin)) return;
    const stillHere = () => this.generation === visit.generation;
    try {
      await this.page.waitForLoadState('domcontentloaded');
      const islands = await this.page.evaluate(() => document.querySelectorAll('leptos-island').length);
      if (!stillHere()) return void (visit.left = true);
      visit.islands = islands;
      if (islands === 0) return;
      const deadline = Date.now() + WAKE_TIMEOUT;
      while (stillHere() && Date.now() < deadline) {
        if (visit.wasm.some((w) => w.startsWith('200 ')) && (await this.listeningIslands()) === islands && stillHere()) {
          visit.awake = true;
          return;
        }
        await sleep(50);
      }
      if (!stillHere()) visit.left = true;
    } catch {
      visit.left = true; // the page went away (another document, or the test ended)
    }
  }

  /** How many islands have event listeners on them or inside them (read through DevTools). */
  private async listeningIslands(): Promise<number> {
    this.cdp ??= this.page.context().newCDPSession(this.page);
    const cdp = await this.cdp;
    const group = 'dongne-islands';
    try {
      const { result: count } = await cdp.send('Runtime.evaluate', {
        expression: `document.querySelectorAll('leptos-island').length`, returnByValue: true,
      });
      let listening = 0;
      for (let i = 0; i < count.value; i++) {
        const { result } = await cdp.send('Runtime.evaluate', {
          expression: `document.querySelectorAll('leptos-island')[${i}]`, objectGroup: group,
        });
        if (!result.objectId) continue;
        const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId, depth: -1 });
        if (listeners.length > 0) listening += 1;
      }
      return listening;
    } finally {
      await cdp.send('Runtime.releaseObjectGroup', { objectGroup: group }).catch(() => {});
    }
  }

  /** The document shown now (after the last navigation committed). */
  latest(): Visit | undefined {
    return this.current;
  }

  /** Waits for the checks still running, then lists what went wrong. */
  async report(): Promise<string[]> {
    await Promise.all([...this.visits.map((v) => v.check), ...this.pendingAborts]);
    const problems = [...this.problems];
    for (const visit of this.visits) {
      if (visit.status >= 400 && visit.expected !== visit.status) {
        problems.push(`${visit.status} for the page ${visit.url}: go there with visit(page, path, { status: ${visit.status} }) if that is intended`);
      }
      if (visit.islands && !visit.awake) {
        problems.push(
          `the islands of ${visit.url} did not wake up: ` +
            (visit.left ? 'the test left the page first (wait with islandsAwake(page))'
              : `wasm ${visit.wasm.length ? visit.wasm.join(', ') : 'never fetched'}`),
        );
      }
    }
    for (const { text, url } of this.consoleErrors) {
      const answered = this.visits.find((v) => v.url === url && v.expected === v.status);
      if (answered && text.startsWith(`Failed to load resource: the server responded with a status of ${answered.status}`)) continue;
      if (KNOWN_CONSOLE_ERRORS.some((known) => known.pattern.test(text))) continue;
      problems.push(`console error on ${url}: ${text}`);
    }
    return problems;
  }
}

const logs = new WeakMap<Page, PageLog>();

function logOf(page: Page): PageLog {
  const log = logs.get(page);
  if (!log) throw new Error('this page is not listened to: take `test` from end2end/fixtures.ts');
  return log;
}

/**
 * Goes to `path` on purpose and asserts the status it is answered with (200 unless told), then
 * waits for the page's islands to wake up. A 4xx/5xx page is only accepted when reached this way.
 */
export async function visit(page: Page, path: string, { status = 200 }: { status?: number } = {}) {
  const response = await page.goto(path);
  expect(response, path).not.toBeNull();
  expect(response!.status(), path).toBe(status);
  const visited = logOf(page).latest();
  if (visited) visited.expected = status;
  await islandsAwake(page);
  return response!;
}

/**
 * Waits until the islands of the page shown now are awake (their wasm fetched with 200, each island
 * listening); at once when the page has none or JavaScript is off.
 */
export async function islandsAwake(page: Page) {
  const log = logOf(page);
  if (!log.javaScript) return;
  await page.waitForLoadState('domcontentloaded');
  const shown = log.latest();
  if (!shown) return;
  await shown.check;
  if (shown.islands) {
    expect(shown.awake, `the islands of ${shown.url} woke up (wasm: ${shown.wasm.join(', ') || 'never fetched'})`).toBe(true);
  }
}

function complain(problems: string[]) {
  if (problems.length) {
    throw new Error(`the pages were not quiet (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n  - ${problems.join('\n  - ')}`);
  }
}

export const test = base.extend<{ listening: void; otherBrowser: Page }>({
  listening: [
    async ({ page, javaScriptEnabled, baseURL }, use, testInfo) => {
      const origin = new URL(baseURL!).origin;
      const watched: PageLog[] = [];
      const watch = (p: Page) => {
        const log = new PageLog(p, javaScriptEnabled, origin);
        logs.set(p, log);
        watched.push(log);
      };
      watch(page);
      page.context().on('page', (p) => { if (!logs.has(p)) watch(p); }); // popups and new tabs too
      await use();
      const problems = (await Promise.all(watched.map((log) => log.report()))).flat();
      if (KNOWN_CONSOLE_ERRORS.length) {
        testInfo.annotations.push({ type: 'known issues tolerated', description: KNOWN_CONSOLE_ERRORS.map((k) => k.why).join('; ') });
      }
      complain(problems);
    },
    { auto: true },
  ],
  /** A second person's page in a browser of their own (no shared cookies), listened to as well. */
  otherBrowser: async ({ browser, javaScriptEnabled, baseURL, viewport }, use) => {
    const context = await browser.newContext({ javaScriptEnabled, baseURL, viewport });
    const other = await context.newPage();
    const log = new PageLog(other, javaScriptEnabled, new URL(baseURL!).origin);
    logs.set(other, log);
    await use(other);
    const problems = await log.report();
    await context.close();
    complain(problems);
  },
});
