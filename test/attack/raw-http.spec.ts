import { describeOutcome, exchangeOptions, judgeRawOutcome, rawCases } from './raw-cases';
import { rawExchange, stillAnswers } from './support';
import { startTestServer, TestServer } from '../support/server';

/**
 * Malformed HTTP on raw sockets, by class (test/attack/raw-cases.ts): whatever the server answers is a
 * JSON 4xx (or, for valid but unusual requests, a JSON answer below 500), and after every case a fresh
 * connection still gets `{ __typename }` answered.
 */
describe('raw-socket malformed HTTP', () => {
  let server: TestServer;
  let port: number;
  const seen: { kind: string; name: string; outcome: string; problems: string[] }[] = [];
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
    port = Number(new URL(server.url).port);
  });
  afterAll(async () => {
    const failing = seen.filter((s) => s.problems.length);
    const byKind = new Map<string, number>();
    for (const s of seen) byKind.set(s.kind, (byKind.get(s.kind) ?? 0) + 1);
    process.stdout.write(
      // A case whose request throws an uncaught exception inside this in-process server fails in jest's
      // report with that exception; its socket saw no answer, so it is not counted here.
      `raw HTTP: ${seen.length} cases, ${failing.length} failing on their answers; by class ${JSON.stringify(Object.fromEntries(byKind))}\n` +
        failing.map((s) => `  [${s.kind}] ${s.name}: ${s.problems.join('; ')} (${s.outcome})`).join('\n') +
        '\n',
    );
    await server.stop();
  });

  const cases = rawCases();
  it('has at least 150 cases', () => expect(cases.length).toBeGreaterThanOrEqual(150));

  for (const rawCase of cases) {
    it(`[${rawCase.kind}] ${rawCase.name}`, async () => {
      const outcomes = await Promise.all(Array.from({ length: rawCase.copies ?? 1 }, () => rawExchange(port, rawCase.parts, exchangeOptions(rawCase))));
      const problems = judgeRawOutcome(rawCase, outcomes);
      const alive = await stillAnswers(server.url);
      if (!alive) problems.push('the server no longer answers { __typename }');
      seen.push({ kind: rawCase.kind, name: rawCase.name, outcome: describeOutcome(outcomes[0]), problems });
      expect(problems).toEqual([]);
    });
  }
});
