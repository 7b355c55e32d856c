import { dataOf, startTestServer, TestServer } from './support/server';

/** What a client sees at the HTTP level: JSON errors, masked internal errors, the playground and its assets. */
describe('the HTTP surface', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
  });
  afterAll(() => server.stop());

  const post = (body: string, contentType = 'application/json') => fetch(server.graphqlUrl, { method: 'POST', headers: { 'content-type': contentType }, body });

  it('answers malformed JSON and an empty body with a 400 JSON error, never HTML', async () => {
    for (const body of ['{"query": "{ authorities { code } }"', '']) {
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const json: any = await response.json();
      expect(json.errors[0].extensions.code).toBe('BAD_REQUEST');
      expect(json.errors[0].message).toMatch(/JSON|empty/);
      expect(json.errors[0].extensions.requestId).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('refuses a GET query without a CSRF preflight header, and serves it with one', async () => {
    const url = `${server.graphqlUrl}?query=${encodeURIComponent('{ authorities { code } }')}`;
    expect((await fetch(url)).status).toBe(400);
    const ok = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as any).data.authorities.map((a: any) => a.code)).toEqual(['AMAC', 'CSRC', 'CSRC_SH', 'SAMR_LOCAL', 'SSE', 'SZSE']);
  });

  it('masks an unexpected failure: generic message and code, no SQL, no stack, no file path', async () => {
    const broken = await startTestServer({ seed: true });
    try {
      await broken.dataSource.query('DROP TABLE concept');
      const response = await broken.query('{ concepts { term } }');
      const text = JSON.stringify(response.body);
      expect(response.body.errors?.[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      // the id under which the full error is logged
      expect(response.body.errors?.[0].extensions?.requestId).toBe(response.headers.get('x-request-id'));
      expect(text).not.toMatch(/SQLITE|no such table|does not exist|relation|SELECT|stacktrace|\/work\/|\.ts:/);
    } finally {
      await broken.stop();
    }
  });

  it('includes the stack trace only in development', async () => {
    const dev = await startTestServer({ exposeStackTraces: true });
    try {
      await dev.dataSource.query('DROP TABLE concept');
      const response = await dev.query('{ concepts { term } }');
      expect(response.body.errors?.[0].extensions?.stacktrace).toEqual(
        expect.arrayContaining([expect.stringMatching(/no such table: concept|relation "concept" does not exist/)]),
      );
    } finally {
      await dev.stop();
    }
  });

  it('serves the playground to a browser at /graphql, with its assets from the server itself', async () => {
    const page = await fetch(server.graphqlUrl, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/playground\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    expect(html).not.toMatch(/https?:\/\/(?!localhost)/);
    for (const asset of assets) {
      const response = await fetch(`${server.url}${asset}`);
      expect([asset, response.status]).toEqual([asset, 200]);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
    expect((await fetch(`${server.url}/playground/../package.json`)).status).toBe(404);
    expect((await fetch(`${server.url}/nowhere`)).status).toBe(404);
  });

  it('answers /healthz', async () => {
    const response = await fetch(`${server.url}/healthz`);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('serves money as exact CNY and instants with their +08:00 offset', async () => {
    const data = dataOf(
      await server.query(
        '{ marketWindows { nodes { start end turnoverCny startLevel endLevel changePercent durationSeconds instrument { code name nameEn } episodes { amountCny durationSeconds shareOfTurnoverPercent } } } }',
      ),
    );
    expect(data.marketWindows.nodes).toEqual([
      {
        start: '2024-02-19T09:30:00+08:00',
        end: '2024-02-19T09:31:00+08:00',
        turnoverCny: 22528000000,
        startLevel: 2886.59,
        endLevel: 2868.02,
        changePercent: -0.64,
        durationSeconds: 60,
        instrument: { code: '000001.SH', name: '上证指数', nameEn: 'SSE Composite' },
        episodes: [{ amountCny: 1195000000, durationSeconds: 60, shareOfTurnoverPercent: 5.3 }],
      },
      {
        start: '2024-02-19T09:30:00+08:00',
        end: '2024-02-19T09:31:00+08:00',
        turnoverCny: 32542000000,
        startLevel: 8957.28,
        endLevel: 8871.65,
        changePercent: -0.96,
        durationSeconds: 60,
        instrument: { code: '399001.SZ', name: '深证成指', nameEn: 'SZSE Component' },
        episodes: [{ amountCny: 1372000000, durationSeconds: 42, shareOfTurnoverPercent: 4.22 }],
      },
    ]);
  });
});
