import { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { startTestServer, TestServer } from '../support/server';

/** The whole text of the CodeMirror editor inside `selector`, evaluated in the page. */
declare function editorValue(selector: string): string;
const EDITOR_VALUE = `window.editorValue = (selector) => {
  const editor = document.querySelector(selector + ' .CodeMirror');
  return editor && editor.CodeMirror ? editor.CodeMirror.getValue() : '';
}`;

/** A journalist opens the playground, runs the first example by clicking, and sees data. */
describe('the GraphiQL playground in a browser', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer({ seed: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('loads without a CDN, shows the example tabs, and runs the first example', async () => {
    const page = await browser.newPage();
    const failures: string[] = [];
    page.on('requestfailed', (request) => failures.push(`${request.url()}: ${request.failure()?.errorText}`));
    page.on('console', (message) => {
      if (message.type() === 'error') failures.push(`console: ${message.text()}`);
    });
    const external: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(server.url) && !request.url().startsWith('data:')) external.push(request.url());
    });

    await page.goto(server.graphqlUrl, { waitUntil: 'load' });
    await page.waitForSelector('.graphiql-execute-button', { timeout: 30000 });
    const tabs = await page.locator('.graphiql-tab-button').allTextContents();
    expect(tabs.length).toBeGreaterThanOrEqual(5);
    expect(tabs[0]).toContain('WhoWasSuspended');

    await page.click('.graphiql-execute-button');
    const response = page.locator('.graphiql-response');
    await response.getByText('resumeDate').first().waitFor({ timeout: 30000 });
    const text = await response.innerText();
    expect(text).toContain('"resumeDate": "2024-02-23"');
    expect(text).toContain('宁波灵均');
    expect(text).not.toContain('"errors"');

    await page.screenshot({ path: 'test-results/playground.png' });
    expect(external).toEqual([]);
    expect(failures).toEqual([]);
  });

  it('runs the penalties and measures tab as its defaults stand, and shows every penalty and measure, the SAMR_LOCAL visit and the window guidance among them', async () => {
    const all = await server.query('{ events(first: 100, filter: { types: [EXCHANGE_PENALTY, REGULATORY_MEASURE] }) { nodes { title } } }');
    const titles = (all.body.data!.events.nodes as { title: string }[]).map((e) => e.title);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.addInitScript(EDITOR_VALUE);
    await page.goto(server.graphqlUrl, { waitUntil: 'load' });
    await page.waitForSelector('.graphiql-execute-button', { timeout: 30000 });
    await page.locator('.graphiql-tab-button', { hasText: 'PenaltiesAndMeasures' }).click();
    // Wait for the switch to finish: the tab is active and its operation is in the query editor.
    await page.locator('.graphiql-tab-active', { hasText: 'PenaltiesAndMeasures' }).waitFor({ timeout: 30000 });
    await page.waitForFunction(() => editorValue('.graphiql-query-editor').includes('PenaltiesAndMeasures'), undefined, { timeout: 30000 });
    const answered = page.waitForResponse(
      (r) => r.url().startsWith(server.graphqlUrl) && r.request().method() === 'POST' && r.request().postData()!.includes('PenaltiesAndMeasures'),
      { timeout: 30000 },
    );
    await page.click('.graphiql-execute-button');
    expect((await answered).status()).toBe(200);
    // The response pane is a CodeMirror editor that renders only the lines in view: read its whole value once it holds the answer.
    await page.waitForFunction(() => editorValue('.graphiql-response').includes('"data"'), undefined, { timeout: 30000 });
    const text = await page.evaluate(() => editorValue('.graphiql-response'));
    await page.screenshot({ path: 'test-results/playground-penalties.png' });
    const json = JSON.parse(text);
    const shown = JSON.stringify(json.data);
    expect(titles.length).toBeGreaterThanOrEqual(7);
    for (const title of titles) expect(shown).toContain(title);
    await page.close();
  });
});
