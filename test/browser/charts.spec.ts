import { Browser, Page } from 'playwright-core';
import { textWidth } from '../../src/charts/svg';
import { buildChartDataset, importSyntheticMinuteBars, SYNTHETIC_MANAGERS } from '../support/chart-fixtures';
import { launchChromium } from '../support/chromium';
import { dataOf, startTestServer, TestServer } from '../support/server';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
interface MeasuredText extends Box {
  content: string;
  size: number;
  bold: boolean;
  length: number;
  className: string;
}
interface MeasuredChart {
  width: number;
  height: number;
  texts: MeasuredText[];
  labelBoxes: Box[];
  marks: { cx: number; cy: number; r: number }[];
}

/** Runs in the page (as a string: the project's TypeScript has no DOM types): every text's box as Chromium lays it out, in the SVG's units. */
const MEASURE = `(() => {
  const svg = document.documentElement;
  const box = (e) => { const b = e.getBBox(); return { x: b.x, y: b.y, width: b.width, height: b.height }; };
  return {
    width: Number(svg.getAttribute('width')),
    height: Number(svg.getAttribute('height')),
    texts: [...document.querySelectorAll('text')].map((t) => ({
      ...box(t),
      content: t.textContent,
      size: Number(t.getAttribute('font-size')),
      bold: t.getAttribute('font-weight') === 'bold',
      length: t.getComputedTextLength(),
      className: t.getAttribute('class') || '',
    })),
    labelBoxes: [...document.querySelectorAll('rect.label-box')].map(box),
    marks: [...document.querySelectorAll('circle[data-kind]')].map((c) => ({ cx: c.cx.baseVal.value, cy: c.cy.baseVal.value, r: c.r.baseVal.value })),
  };
})()`;

const overlap = (a: Box, b: Box) =>
  Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x) > 0.5 && Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y) > 0.5;

/** What is wrong with a chart as Chromium lays it out: texts that overlap or leave the picture, label boxes that meet, marks on marks, a text wider than the layout's estimate. */
function problemsOf(url: string, chart: MeasuredChart): string[] {
  const problems: string[] = [];
  const visible = chart.texts.filter((t) => t.content.trim());
  for (const t of visible) {
    if (t.x < 0 || t.y < 0 || t.x + t.width > chart.width || t.y + t.height > chart.height)
      problems.push(`${url}: "${t.content}" leaves the ${chart.width}×${chart.height} picture at ${JSON.stringify([t.x, t.y, t.width, t.height])}`);
    const estimate = textWidth(t.content, t.size, t.bold ? 'bold' : 'normal');
    if (t.length > estimate) problems.push(`${url}: "${t.content}" is ${t.length.toFixed(1)} px wide in Chromium, estimated ${estimate.toFixed(1)}`);
  }
  visible.forEach((a, i) =>
    visible.slice(i + 1).forEach((b) => {
      if (overlap(a, b)) problems.push(`${url}: "${a.content}" overlaps "${b.content}"`);
    }),
  );
  chart.labelBoxes.forEach((a, i) =>
    chart.labelBoxes.slice(i + 1).forEach((b) => {
      if (overlap(a, b)) problems.push(`${url}: label boxes ${JSON.stringify(a)} and ${JSON.stringify(b)} overlap`);
    }),
  );
  chart.marks.forEach((a, i) =>
    chart.marks.slice(i + 1).forEach((b) => {
      if (Math.hypot(a.cx - b.cx, a.cy - b.cy) < a.r + b.r) problems.push(`${url}: marks at ${a.cx},${a.cy} and ${b.cx},${b.cy} cover each other`);
    }),
  );
  return problems;
}

/** Every chart as Chromium lays it out: the curated seed's and a synthetic data set made to break the layout; labels never overlap nor leave the picture. */
describe('charts in a browser', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let urls: { timelines: { slug: string; svg: string; png: string }[]; windows: { svg: string; png: string }[] };
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
    await buildChartDataset(server.dataSource);
    await importSyntheticMinuteBars(server.dataSource);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const data = dataOf(
      await server.query(`{
        managers(first: 100) { nodes { slug svg: chartUrl png: chartUrl(format: PNG) } }
        marketWindows(first: 100) { nodes { svg: chartUrl png: chartUrl(format: PNG) } }
        day: marketWindowFromBars(instrumentCode: "000001.SH", start: "2024-02-19T09:30:00+08:00", end: "2024-02-19T15:00:00+08:00") { svg: chartUrl png: chartUrl(format: PNG) }
      }`),
    );
    urls = { timelines: data.managers.nodes, windows: [...data.marketWindows.nodes, data.day] };
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const measure = async (url: string): Promise<MeasuredChart> => {
    const response = await page.goto(`${server.url}${url}`);
    expect([url, response?.status()]).toEqual([url, 200]);
    return page.evaluate(MEASURE) as Promise<MeasuredChart>;
  };

  it('charts every manager of the seed and of the synthetic set, and every window', () => {
    const slugs = urls.timelines.map((t) => t.slug);
    expect(slugs).toEqual(expect.arrayContaining(['minghong', 'ubiquant', 'ningbo-lingjun', SYNTHETIC_MANAGERS.crowded, SYNTHETIC_MANAGERS.single]));
    expect(urls.windows.length).toBeGreaterThanOrEqual(3);
  });

  it('lays out every timeline with no label over another, none outside the picture, no mark over another, and a source line', async () => {
    const problems: string[] = [];
    for (const { svg } of urls.timelines) {
      const chart = await measure(svg);
      problems.push(...problemsOf(svg, chart));
      expect([svg, chart.texts.some((t) => t.className === 'source' && t.content.startsWith('来源 / Source: '))]).toEqual([svg, true]);
      expect([svg, chart.labelBoxes.length]).toEqual([svg, chart.marks.length]);
    }
    expect(problems).toEqual([]);
  });

  it('draws the crowded synthetic timeline whole: 44 marks, 12 of one day fanned out, tall enough for its labels', async () => {
    const crowded = urls.timelines.find((t) => t.slug === SYNTHETIC_MANAGERS.crowded)!;
    const chart = await measure(crowded.svg);
    expect(chart.marks.length).toBe(44);
    expect(new Set(chart.marks.map((m) => `${m.cx},${m.cy}`)).size).toBe(44);
    expect(chart.height).toBeGreaterThan(900);
    expect(chart.texts.some((t) => t.content.includes('…'))).toBe(false);
  });

  it('lays out every window chart with no label over another and none outside the picture, with its source line', async () => {
    const problems: string[] = [];
    for (const { svg } of urls.windows) {
      const chart = await measure(svg);
      problems.push(...problemsOf(svg, chart));
      expect([svg, chart.texts.some((t) => t.className === 'source')]).toEqual([svg, true]);
    }
    expect(problems).toEqual([]);
  });

  it('serves each chart as a PNG twice the SVG size that decodes and is not blank', async () => {
    const crowded = urls.timelines.find((t) => t.slug === SYNTHETIC_MANAGERS.crowded)!;
    const minghong = urls.timelines.find((t) => t.slug === 'minghong')!;
    for (const [i, chart] of [minghong, crowded, urls.windows[urls.windows.length - 1]].entries()) {
      const svg = await measure(chart.svg);
      await page.goto(`${server.url}/healthz`);
      const png: { width: number; height: number; inked: number } = await page.evaluate(`(async (src) => {
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
      })(${JSON.stringify(chart.png)})`);
      expect([chart.png, png.width, png.height]).toEqual([chart.png, 2 * svg.width, 2 * svg.height]);
      expect(png.inked).toBeGreaterThan(20_000);
      await page.goto(`${server.url}${chart.svg}`);
      await page.screenshot({ path: `test-results/chart-${i}.png` });
    }
  });
});
