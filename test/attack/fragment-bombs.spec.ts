import { getIntrospectionQuery } from 'graphql';
import { aliasedSchemaBlocks, bombs } from './bombs';
import { fastest, harmlessQueryOfSize, quickBound, sideBySide } from '../support/side-by-side';
import { plainRequest, PlainResponse, postGraphQL, removeTempDb, RestartingTarget, tempDbPath } from './support';

/**
 * Fragment bombs of 10 to 40 levels: each refused with a 4xx and a code quickly, while /healthz fired
 * at the same moment answers quickly: the fastest of three tries within 250 ms plus five times a
 * harmless query's of the same size (test/support/side-by-side.ts). The server runs in
 * a process of its own (the compiled server, as `npm start` runs it): analysis that takes exponential
 * time would otherwise freeze the test runner with it. A server that does not answer /healthz within a
 * second is killed and started again for the next case.
 */
const GIVE_UP_MS = 4000;

interface Try {
  ms: number;
  healthMs: number;
  response: PlainResponse | null;
}

/** The bomb and /healthz at the same moment. */
async function fire(url: string, query: string): Promise<Try> {
  const started = performance.now();
  const [bomb, health] = await Promise.allSettled([
    postGraphQL(url, { query }, { timeoutMs: GIVE_UP_MS }),
    plainRequest(url, { path: '/healthz', timeoutMs: GIVE_UP_MS }),
  ]);
  return {
    ms: bomb.status === 'fulfilled' ? bomb.value.ms : performance.now() - started,
    healthMs: health.status === 'fulfilled' ? health.value.ms : Infinity,
    response: bomb.status === 'fulfilled' ? bomb.value : null,
  };
}

/**
 * The bomb's tries side by side with a harmless query of its size (test/support/side-by-side.ts): the
 * fastest of each, bomb and /healthz; a try that gets no answer at all ends the tries.
 */
async function fastestBeside(url: string, query: string) {
  const tries = await sideBySide(
    () => fire(url, query),
    () => fire(url, harmlessQueryOfSize(query)),
    { tries: 3, stop: (t) => !t.response },
  );
  const best = (of: Try[]) => ({ ms: fastest(of.map((t) => t.ms)), healthMs: fastest(of.map((t) => t.healthMs)) });
  return { best: best(tries.hostile), harmless: best(tries.harmless), last: tries.hostile[tries.hostile.length - 1] };
}

function codeOf(response: PlainResponse | null): string | null {
  try {
    return JSON.parse(response?.text ?? '').errors?.[0]?.extensions?.code ?? null;
  } catch {
    return null;
  }
}

describe('fragment bombs and introspection', () => {
  const target = new RestartingTarget(tempDbPath('bombs'), {}, 100);
  const report: string[] = [];
  beforeAll(() => target.start(), 60_000);
  afterAll(async () => {
    process.stdout.write(`fragment bombs:\n${report.join('\n')}\n${target.replacements.map((r) => `  server replaced after ${r.slice(0, 160)}`).join('\n')}\n`);
    await target.stop();
    removeTempDb(target.dbPath);
  });

  it.each(bombs().map((b) => [`${b.name}, ${b.levels} levels (${b.query.length} bytes)`, b.query] as const))(
    'refuses a bomb: %s',
    async (label, query) => {
      await target.ensureUp('the previous case');
      const { best, harmless, last } = await fastestBeside(target.url, query);
      const outcome = {
        answered: last.response !== null,
        status: last.response?.status ?? null,
        code: codeOf(last.response),
        refusedQuickly: best.ms < quickBound(harmless.ms),
        healthzQuickly: best.healthMs < quickBound(harmless.healthMs),
      };
      report.push(
        `  ${label}: ${last.response ? `${last.response.status} ${outcome.code}` : `no answer within ${GIVE_UP_MS} ms`}; fastest ${best.ms.toFixed(1)} ms, /healthz ${best.healthMs === Infinity ? 'no answer' : `${best.healthMs.toFixed(1)} ms`}; a harmless query of its size ${harmless.ms.toFixed(1)} ms, /healthz ${harmless.healthMs.toFixed(1)} ms`,
      );
      expect(outcome).toEqual({ answered: true, status: expect.any(Number), code: expect.any(String), refusedQuickly: true, healthzQuickly: true });
      expect(outcome.status).toBeGreaterThanOrEqual(400);
      expect(outcome.status).toBeLessThan(500);
      expect(outcome.code).not.toBe('INTERNAL_SERVER_ERROR');
    },
    60_000,
  );

  it.each([30, 20])(
    'refuses %i aliased __schema blocks',
    async (count) => {
      await target.ensureUp('the previous case');
      const response = await postGraphQL(target.url, { query: aliasedSchemaBlocks(getIntrospectionQuery(), count) }, { timeoutMs: 20_000 });
      report.push(`  ${count} aliased __schema blocks: ${response.status} ${codeOf(response)}, ${response.text.length} bytes in ${response.ms.toFixed(0)} ms`);
      expect({ status: response.status, code: codeOf(response), is4xx: response.status >= 400 && response.status < 500 }).toMatchObject({
        is4xx: true,
        code: expect.any(String),
      });
      expect(codeOf(response)).not.toBe('INTERNAL_SERVER_ERROR');
    },
    60_000,
  );

  it.each([
    ['graphql-js defaults', getIntrospectionQuery()],
    [
      'what GraphiQL sends',
      getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }),
    ],
  ])(
    'answers one full introspection (%s)',
    async (_label, query) => {
      await target.ensureUp('the previous case');
      const response = await postGraphQL(target.url, { query }, { timeoutMs: 20_000 });
      const body = JSON.parse(response.text);
      expect(body.errors).toBeUndefined();
      expect(response.status).toBe(200);
      expect(body.data.__schema.types.length).toBeGreaterThan(20);
    },
    60_000,
  );
});
