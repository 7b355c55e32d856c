import { getIntrospectionQuery } from 'graphql';
import http from 'node:http';
import { aliasedSchemaBlocks, BOMB_VARIANTS } from './bombs';
import { committedSchema, nestedJson, withRawVariable } from './query-generator';
import { exchangeOptions, rawCases } from './raw-cases';
import { generateRequests } from './request-mutator';
import {
  crashLogLines,
  errorLogLines,
  inPool,
  plainRequest,
  postGraphQL,
  rawExchange,
  removeTempDb,
  RestartingTarget,
  stillAnswers,
  tempDbPath,
} from './support';

/**
 * The process, not the response: one compiled server (as `npm start` runs it) takes a sample of every
 * attack class of this folder in turn, and afterwards it is the same process and still answers; its log
 * holds no uncaught exception or stack trace, and no error-level line (client input is not a server
 * error). A process that dies is started again so the remaining classes still run; every death is
 * reported with what caused it.
 */
const target = new RestartingTarget(tempDbPath('process'));

/** Every raw case but the slow many-socket ones, with one in five of the malformed targets. */
function rawSample() {
  const cases = rawCases().filter((c) => !c.copies);
  const targets = cases.filter((c) => c.kind === 'malformed target').filter((_, i) => i % 5 === 0);
  return [...targets, ...cases.filter((c) => c.kind !== 'malformed target')];
}

function hostileSteps(): [string, () => Promise<unknown>][] {
  const post = (payload: unknown) => () => postGraphQL(target.url, payload, { timeoutMs: 15_000 }).catch(() => undefined);
  return [
    ['a fragment bomb of 10 levels', post({ query: BOMB_VARIANTS['two spreads'](10) })],
    ['30 aliased __schema blocks', post({ query: aliasedSchemaBlocks(getIntrospectionQuery(), 30) })],
    ['an unknown operationName', post({ query: 'query A { __typename }', operationName: 'B' })],
    ['variables 10,000 deep', post(withRawVariable({ query: '{ __typename }' }, 'pad', nestedJson(10_000, 'object')))],
    ['a mutation', post({ query: 'mutation { __typename }' })],
    [
      'a persisted-query hash that does not match',
      post({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: '0'.repeat(64) } } }),
    ],
    [
      'a 90 kB search filter',
      post({ query: 'query($v: String!) { search(query: "灵均", filter: { managerSlugs: [$v] }) { totalCount } }', variables: { v: 'q'.repeat(90_000) } }),
    ],
    ['a 90 kB slug', post({ query: 'query($v: String!) { manager(slug: $v) { slug } }', variables: { v: 'q'.repeat(90_000) } })],
  ];
}

/** After a step: a process that died or stopped answering is recorded with the step's name and replaced. */
async function survived(step: string) {
  await new Promise((resolve) => setTimeout(resolve, 20));
  if (target.current.alive() && (await stillAnswers(target.url))) return;
  await target.ensureUp(step, { probeMs: 2000 });
}

describe('the process after every attack class', () => {
  let firstPid = 0;
  beforeAll(async () => {
    await target.start();
    firstPid = target.current.pid;
  }, 60_000);
  afterAll(async () => {
    await target.stop();
    removeTempDb(target.dbPath);
  });

  it('is the same process, still answering, after every class', async () => {
    for (const rawCase of rawSample()) {
      await rawExchange(Number(new URL(target.url).port), rawCase.parts, exchangeOptions(rawCase, 150));
      await survived(`raw HTTP [${rawCase.kind}] ${rawCase.name}`);
    }
    for (const [name, step] of hostileSteps()) {
      await step();
      await survived(name);
    }
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    await inPool(generateRequests(committedSchema(), 600, 77), 4, (request) =>
      plainRequest(target.url, { ...request, agent, timeoutMs: 15_000 }).catch(() => undefined),
    );
    agent.destroy();
    await survived('600 generated requests');
    const deaths = target.replacements;
    process.stdout.write(`process after attacks: ${deaths.length} deaths\n${deaths.map((d) => `  death after ${d}`).join('\n')}\n`);
    expect({ deaths, pid: target.current.pid }).toEqual({ deaths: [], pid: firstPid });
  }, 600_000);

  const distinct = (lines: string[]) => [...new Set(lines.map((line) => line.slice(0, 240)))];

  it('logged no uncaught exception and no stack trace', () => {
    const crashes = distinct(target.logs().flatMap(crashLogLines));
    process.stdout.write(
      `crash lines in the log: ${crashes.length}\n${crashes
        .slice(0, 15)
        .map((l) => `  ${l}`)
        .join('\n')}\n`,
    );
    expect(crashes.slice(0, 15)).toEqual([]);
  });

  it('logged no error-level line for anything a client sent', () => {
    const errors = distinct(
      target
        .logs()
        .flatMap(errorLogLines)
        .map((line) => line.replace(/"time":"[^"]+",|"requestId":"[^"]+",/g, '')),
    );
    process.stdout.write(
      `error-level lines in the log: ${errors.length}\n${errors
        .slice(0, 15)
        .map((l) => `  ${l}`)
        .join('\n')}\n`,
    );
    expect(errors.slice(0, 15)).toEqual([]);
  });
});
