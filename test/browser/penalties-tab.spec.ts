import { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { startTestServer, TestServer } from '../support/server';

/** The starter tab "penalties and measures", run as its default variables stand: every penalty and measure shows. */
describe('the penalties and measures tab', () => {
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

  it('shows every penalty and measure, the SAMR_LOCAL visit and the window guidance among them', async () => {
    const all = await server.query('{ events(first: 100, filter: { types: [EXCHANGE_PENALTY, REGULATORY_MEASURE] }) { nodes { title } } }');
    const titles = (all.body.data!.events.nodes as { title: string }[]).map((e) => e.title);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(server.graphqlUrl, { waitUntil: 'load' });
    await page.waitForSelector('.graphiql-execute-button', { timeout: 30000 });
    await page.locator('.graphiql-tab-button', { hasText: 'PenaltiesAndMeasures' }).click();
    await page.click('.graphiql-execute-button');
    const response = page.locator('.graphiql-response');
    await response.getByText('"data"').first().waitFor({ timeout: 30000 });
    await page.waitForTimeout(300);
    // The response pane is a CodeMirror editor that renders only the lines in view: read its whole value.
    const text = await page.$eval('.graphiql-response .CodeMirror', (editor) => (editor as unknown as { CodeMirror: { getValue(): string } }).CodeMirror.getValue());
    await page.screenshot({ path: 'test-results/playground-penalties.png' });
    const json = JSON.parse(text);
    const shown = JSON.stringify(json.data);
    expect(titles.length).toBeGreaterThanOrEqual(7);
    for (const title of titles) expect(shown).toContain(title);
    await page.close();
  });
});
