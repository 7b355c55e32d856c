import { Browser } from 'playwright-core';
import { launchChromium } from '../support/chromium';
import { dataOf, startTestServer, TestServer } from '../support/server';

/** The charts as a browser shows them: they load as images, have their size, and are not blank. */
describe('charts in a browser', () => {
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

  it('renders the timeline and window charts', async () => {
    const data = dataOf(await server.query('{ manager(slug: "ningbo-lingjun") { chartUrl } marketWindows { nodes { chartUrl } } }'));
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`${server.url}/healthz`);
    for (const [i, url] of [data.manager.chartUrl, data.marketWindows.nodes[0].chartUrl].entries()) {
      // Runs in the page (as a string: the project's TypeScript has no DOM types).
      const measured: { width: number; height: number; inked: number } = await page.evaluate(`(async (src) => {
        document.body.innerHTML = '<img id="chart" src="' + src + '">';
        const img = document.getElementById('chart');
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        const context = canvas.getContext('2d');
        context.drawImage(img, 0, 0);
        const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
        let inked = 0;
        for (let p = 0; p < pixels.length; p += 4) if (pixels[p] < 200 || pixels[p + 1] < 200 || pixels[p + 2] < 200) inked += 1;
        return { width: img.naturalWidth, height: img.naturalHeight, inked };
      })(${JSON.stringify(url)})`);
      expect(measured.width).toBeGreaterThanOrEqual(900);
      expect(measured.height).toBeGreaterThan(300);
      expect(measured.inked).toBeGreaterThan(2000);
      await page.screenshot({ path: `test-results/chart-${i}.png` });
    }
  });
});
