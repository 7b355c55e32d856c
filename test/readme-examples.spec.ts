import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readmeCharts } from '../bench/readme-chart';
import { loadConfig, projectPath } from '../src/config/config';
import { playgroundExamples } from '../src/playground/examples';
import { dataOf, startTestServer, TestServer } from './support/server';

/**
 * README.md tells the truth: every example in it is run against a server on the curated seed and its
 * printed answer compared with what the server returns, and the sizes and sources its opening states
 * are the data's. Each example is one test named by its README line and section, and a failure says
 * what differs and prints the server's answer as the README would.
 *
 * - A ```graphql block is POSTed to /graphql; the ```json block right after it is its answer, without
 *   `extensions`: `data` compared exactly (and `errors`, where an example prints them).
 * - A `curl … http://localhost:4000/ROUTE` is fetched; the image README embeds under the name it
 *   writes (`-o NAME`) must be the served bytes, else the text block right after it the served text.
 * - A ```console block's `$ npm run …` commands run in order, the compiled script each npm script
 *   runs (dist/, built by `npm test` or `npx tsc -p tsconfig.json`), in a fresh directory on a SQLite
 *   database seeded as `npm start` leaves it; each command's stdout is compared with the lines under it.
 *
 * Printed in part: in JSON, "…" as a list's last item stands for the items after it and a "…": "…"
 * member for fields left out; in text, … stands for the characters left out of a line and a line
 * of its own … for the lines after it.
 */

const README_FILE = projectPath('README.md');
const README = fs.readFileSync(README_FILE, 'utf8');
const ELIDED = '…';
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface Block {
  lang: string;
  lines: string[];
  /** The README line of the opening fence. */
  line: number;
  section: string;
}

/** The fenced blocks of a Markdown text, each with its line and the heading it is under. */
function fencedBlocks(markdown: string): Block[] {
  const blocks: Block[] = [];
  let section = 'opening';
  let open: Block | null = null;
  markdown.split('\n').forEach((text, i) => {
    if (open) {
      if (/^```\s*$/.test(text)) {
        blocks.push(open);
        open = null;
      } else open.lines.push(text);
      return;
    }
    const fence = /^```(\S*)\s*$/.exec(text);
    if (fence) open = { lang: fence[1], lines: [], line: i + 1, section };
    else if (/^#{2,6} /.test(text)) section = text.replace(/^#+ /, '');
  });
  return blocks;
}

const BLOCKS = fencedBlocks(README);
const where = (block: Block) => `README.md:${block.line} (${block.section})`;
const answerOf = (block: Block, langs: string[]) => {
  const next = BLOCKS[BLOCKS.indexOf(block) + 1];
  return next && langs.includes(next.lang) ? next : null;
};

// ---- comparing a printed answer with the server's ----

const show = (value: unknown) => {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
};

/** Where `printed` and `actual` differ, as `path: README prints …, the server returns …` lines (at most 10). */
function jsonDifferences(printed: unknown, actual: unknown, at: string, out: string[] = []): string[] {
  if (out.length >= 10) return out;
  if (Array.isArray(printed)) {
    if (!Array.isArray(actual)) return [...out, `${at}: README prints a list, the server returns ${show(actual)}`];
    const elided = printed.at(-1) === ELIDED;
    const shown = elided ? printed.slice(0, -1) : printed;
    if (elided ? actual.length < shown.length : actual.length !== shown.length) {
      out.push(`${at}: README prints ${shown.length}${elided ? ' or more' : ''} items, the server returns ${actual.length}`);
    }
    shown.forEach((item, i) => i < actual.length && jsonDifferences(item, actual[i], `${at}[${i}]`, out));
    return out;
  }
  if (printed !== null && typeof printed === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual))
      return [...out, `${at}: README prints an object, the server returns ${show(actual)}`];
    const p = printed as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    const elided = p[ELIDED] === ELIDED;
    for (const key of Object.keys(p)) {
      if (elided && key === ELIDED) continue;
      if (!(key in a)) out.push(`${at}.${key}: README prints ${show(p[key])}, the server returns no such field`);
      else jsonDifferences(p[key], a[key], `${at}.${key}`, out);
    }
    if (!elided) for (const key of Object.keys(a)) if (!(key in p)) out.push(`${at}.${key}: the server returns ${show(a[key])}, README prints nothing`);
    return out;
  }
  if (printed !== actual) out.push(`${at}: README prints ${show(printed)}, the server returns ${show(actual)}`);
  return out;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const lineMatches = (printed: string, actual: string) => new RegExp(`^${printed.split(ELIDED).map(escapeRegExp).join('.*')}$`, 's').test(actual);

/** Where printed text lines and actual ones differ (at most 10). */
function textDifferences(printed: string[], actual: string[]): string[] {
  const more = printed.at(-1) === ELIDED;
  const shown = more ? printed.slice(0, -1) : printed;
  const out: string[] = [];
  shown.forEach((line, i) => {
    if (i >= actual.length) out.push(`line ${i + 1}: README prints ${show(line)}; the output has ${actual.length} lines`);
    else if (!lineMatches(line, actual[i])) out.push(`line ${i + 1}: README prints ${show(line)}\n    the server gives ${show(actual[i])}`);
  });
  if (!more && actual.length > shown.length)
    out.push(`the output has ${actual.length} lines and README prints ${shown.length}; line ${shown.length + 1} is ${show(actual[shown.length])}`);
  return out.slice(0, 10);
}

const linesOf = (text: string) => {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  return lines.at(-1) === '' ? lines.slice(0, -1) : lines;
};

/** JSON as README prints answers: a value on one line when it fits in 100 columns. */
function formatJson(value: unknown, indent = 0, prefix = ''): string {
  const inline = (v: unknown): string =>
    Array.isArray(v)
      ? `[${v.map(inline).join(', ')}]`
      : v !== null && typeof v === 'object'
        ? Object.keys(v).length
          ? `{ ${Object.entries(v)
              .map(([k, x]) => `${JSON.stringify(k)}: ${inline(x)}`)
              .join(', ')} }`
          : '{}'
        : JSON.stringify(v);
  const one = inline(value);
  if (value === null || typeof value !== 'object' || indent + prefix.length + one.length <= 100) return prefix + one;
  const pad = ' '.repeat(indent + 2);
  const items = Array.isArray(value)
    ? value.map((x) => pad + formatJson(x, indent + 2))
    : Object.entries(value).map(([k, x]) => pad + formatJson(x, indent + 2, `${JSON.stringify(k)}: `));
  const [openBracket, closeBracket] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${prefix}${openBracket}\n${items.join(',\n')}\n${' '.repeat(indent)}${closeBracket}`;
}

function parseJson(block: Block): any {
  try {
    return JSON.parse(block.lines.join('\n'));
  } catch (error) {
    throw new Error(`README.md:${block.line}: the printed answer is not JSON (${(error as Error).message}); mark what is left out with "…" as a string`);
  }
}

function failure(title: string, differences: string[], whole?: string): Error {
  const tail = whole === undefined ? '' : `\nThe server's answer, as README would print it:\n${whole.length > 4000 ? `${whole.slice(0, 4000)}\n…` : whole}`;
  return new Error(`${title}\n  ${differences.join('\n  ')}${tail}`);
}

// ---- the examples ----

const graphqlExamples = BLOCKS.filter((b) => b.lang === 'graphql');

interface CurlExample {
  block: Block;
  route: string;
}
const curlExamples: CurlExample[] = BLOCKS.filter((b) => b.lang === 'sh' || b.lang === 'console').flatMap((block) =>
  block.lines.flatMap((line) => {
    const url = /\bcurl\b.*?'?http:\/\/localhost:\d+(\/[^\s']*)'?/.exec(line);
    return url ? [{ block, route: url[1] }] : [];
  }),
);
const charts = readmeCharts(README);
const consoleSessions = BLOCKS.filter((b) => b.lang === 'console');

/** Files an example names that the repository does not hold, made by the spec. */
const FIXTURE_FILES: Record<string, () => string> = {
  // 240 synthetic minute bars of one trading day (09:30-11:29, 13:00-14:59), all at one made-up level:
  // what the import reports depends on the times alone.
  '000001.SH-2024-02-19.csv': () => {
    const pad = (n: number) => String(n).padStart(2, '0');
    const minutes = [...Array.from({ length: 120 }, (_, i) => 9 * 60 + 30 + i), ...Array.from({ length: 120 }, (_, i) => 13 * 60 + i)];
    const rows = minutes.map((m) => `2024-02-19 ${pad(Math.floor(m / 60))}:${pad(m % 60)}:00,1000.00,1000.00,1000.00,1000.00,1,1000`);
    return `time,open,high,low,close,volume,turnover\n${rows.join('\n')}\n`;
  },
};

const SCRIPTS: Record<string, string> = JSON.parse(fs.readFileSync(projectPath('package.json'), 'utf8')).scripts;

/** What `npm run [-s] NAME -- ARGS` runs, without its build step: node with the compiled script. */
function compiledCommand(command: string): string[] {
  const npm = /^npm run(?: -s)? ([\w:-]+)(?: -- (.+))?$/.exec(command);
  if (!npm) throw new Error(`the spec runs only npm scripts, not: ${command}`);
  const node = /(?:^|&& )node (.+)$/.exec(SCRIPTS[npm[1]] ?? '');
  if (!node) throw new Error(`package.json has no script "${npm[1]}" that runs node`);
  const script = node[1].split(/\s+/).map((arg) => (arg.startsWith('dist/') ? projectPath(arg) : arg));
  const file = script.find((arg) => arg.endsWith('.js'));
  if (!file || !fs.existsSync(file)) throw new Error(`${file} is missing: build with npx tsc -p tsconfig.json (npm test builds first)`);
  return [...script, ...(npm[2]?.split(/\s+/) ?? [])];
}

function run(args: string[], cwd: string, env: Record<string, string>) {
  const result = spawnSync(process.execPath, args, { cwd, env: { ...process.env, LOG_LEVEL: 'silent', ...env }, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const NUMBER_WORDS: Record<string, number> = { a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };
const numberIn = (text: string, pattern: RegExp): number => {
  const match = pattern.exec(text);
  if (!match) throw new Error(`README.md does not say ${pattern}`);
  return NUMBER_WORDS[match[1].toLowerCase()] ?? Number(match[1].replace(/,/g, ''));
};

describe('README.md', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: true });
  });
  afterAll(() => server.stop());

  it('holds the examples this spec runs', () => {
    expect(graphqlExamples.length).toBeGreaterThanOrEqual(4);
    expect(curlExamples.length).toBeGreaterThanOrEqual(2);
    expect(charts.length).toBeGreaterThanOrEqual(1);
    expect(consoleSessions.length).toBeGreaterThanOrEqual(2);
  });

  it('compares answers as the README says: lists and fields left out only where "…" shows it', () => {
    expect(jsonDifferences({ a: [1, 2, ELIDED], b: { c: 1, [ELIDED]: ELIDED } }, { a: [1, 2, 3], b: { c: 1, d: 2 } }, 'data')).toEqual([]);
    expect(jsonDifferences({ a: [1, 2] }, { a: [1, 2, 3] }, 'data')).toEqual(['data.a: README prints 2 items, the server returns 3']);
    expect(jsonDifferences({ b: { c: 1 } }, { b: { c: 1, d: 2 } }, 'data')).toEqual(['data.b.d: the server returns 2, README prints nothing']);
    expect(jsonDifferences({ a: '上交所' }, { a: '深交所' }, 'data')).toEqual(['data.a: README prints "上交所", the server returns "深交所"']);
    expect(textDifferences(['id,…', 'x…z', ELIDED], ['id,type', 'xyz', 'more'])).toEqual([]);
    expect(textDifferences(['id,…'], ['id,type', 'more'])).toHaveLength(1);
    expect(textDifferences(['x…z'], ['xyzy'])).toHaveLength(1);
  });

  it('states the sizes of the knowledge base in its opening: documents, events and managers as the data has them', async () => {
    const opening = README.slice(0, README.indexOf('\n## '));
    const stated = /(\d[\d,]*) documents, (\d[\d,]*) events and (\d[\d,]*) managers/.exec(opening);
    expect(stated).not.toBeNull();
    const data = dataOf(
      await server.query('{ announcements(first: 100) { totalCount } events(first: 100) { totalCount } managers(first: 100) { totalCount } }'),
    );
    expect(stated!.slice(1).map((n) => Number(n.replace(/,/g, '')))).toEqual([data.announcements.totalCount, data.events.totalCount, data.managers.totalCount]);
  });

  it("says truly where the facts come from: one article with no publisher or date recorded, the other documents quoting it or curators' notes", async () => {
    const opening = README.slice(0, README.indexOf('\n## ')).replace(/\s+/g, ' ');
    const data = dataOf(
      await server.query(`{
      announcements(first: 100) { totalCount nodes { slug kind title publishedOn url authority { code } quotedIn { slug } } }
      events(first: 100) { nodes { date ... on PerformanceDisclosure { figures { asOf } } } }
    }`),
    );
    const documents: any[] = data.announcements.nodes;
    expect(documents).toHaveLength(data.announcements.totalCount);
    const articles = documents.filter((d) => d.kind === 'ARTICLE');
    expect(articles.map((a) => [a.publishedOn, a.url])).toEqual([[null, null]]);
    expect(opening).toMatch(/facts come from one article/);
    expect(opening).toContain(articles[0].title);
    const ofKind = (kind: string) => documents.filter((d) => d.kind === kind);
    for (const quoted of [...ofKind('AUTHORITY_STATEMENT'), ...ofKind('MANAGER_DISCLOSURE')])
      expect([quoted.slug, quoted.quotedIn?.slug]).toEqual([quoted.slug, articles[0].slug]);
    expect(new Set(ofKind('AUTHORITY_STATEMENT').map((d) => d.authority.code)).size).toBe(numberIn(opening, /(\w+) exchanges' statements/));
    expect(ofKind('AUTHORITY_STATEMENT')).toHaveLength(numberIn(opening, /(\w+) exchanges' statements/));
    expect(ofKind('MANAGER_DISCLOSURE')).toHaveLength(numberIn(opening, /(\w+) manager's disclosure/));
    expect(ofKind('CURATOR_NOTE')).toHaveLength(numberIn(opening, /(\w+) curator's notes/));
    expect(articles.length + ofKind('AUTHORITY_STATEMENT').length + ofKind('MANAGER_DISCLOSURE').length + ofKind('CURATOR_NOTE').length).toBe(documents.length);
    const dates: string[] = data.events.nodes.flatMap((e: any) => [e.date, ...(e.figures ?? []).map((f: any) => f.asOf)]).filter(Boolean);
    const latest = new Date(`${[...dates].sort().at(-1)}T00:00:00Z`);
    const day = `${latest.getUTCDate()} ${latest.toLocaleString('en', { month: 'long', timeZone: 'UTC' })} ${latest.getUTCFullYear()}`;
    expect(opening).toContain(`latest dated figure (as of ${day})`);
  });

  it('says in its quick start how to change the port, with the variable the configuration reads', () => {
    const quickStart = BLOCKS.find((b) => b.lang === 'sh')!;
    const port = /^PORT=(\d+) npm start\b/m.exec(quickStart.lines.join('\n'));
    expect(port).not.toBeNull();
    expect(loadConfig({ PORT: port![1] }).port).toBe(Number(port![1]));
    expect(loadConfig({}).port).toBe(4000);
    expect(quickStart.lines.join('\n')).toMatch(/serves on port 4000/);
  });

  it("counts the playground's starter queries as the playground has them", () => {
    expect(numberIn(README, /preloaded with (\w+) starter queries/)).toBe(playgroundExamples.length);
  });

  describe('GraphQL examples: each printed answer is what the server returns', () => {
    it.each(graphqlExamples.map((block) => [where(block), block] as const))('%s', async (name, block) => {
      const answer = answerOf(block, ['json']);
      if (!answer) throw new Error(`${name}: a GraphQL example without its answer: put the answer in a json block right after it`);
      const printed = parseJson(answer);
      const response = await server.query(block.lines.join('\n'));
      const { extensions, ...actual } = response.body;
      const differences = Object.keys(printed)
        .filter((key) => key !== 'data' && key !== 'errors')
        .map((key) => `${key}: README prints it, but an answer holds only data and errors`);
      jsonDifferences(printed.data ?? null, actual.data ?? null, 'data', differences);
      if ('errors' in printed) jsonDifferences(printed.errors, actual.errors ?? null, 'errors', differences);
      else if (actual.errors) differences.push(`errors: the server returns ${show(actual.errors.map((e) => e.message))}, README prints none`);
      if (!('errors' in printed) && response.status !== 200) differences.push(`HTTP ${response.status}`);
      if (differences.length)
        throw failure(`${name}: the answer printed at README.md:${answer.line} differs from the server's:`, differences, formatJson(actual));
    });
  });

  describe('HTTP examples: what each curl fetches is what README shows', () => {
    it.each(curlExamples.map((example) => [`${where(example.block)}: GET ${example.route}`, example] as const))('%s', async (name, { block, route }) => {
      const response = await fetch(`${server.url}${route}`);
      const body = Buffer.from(await response.arrayBuffer());
      expect([name, response.status]).toEqual([name, 200]);
      const chart = charts.find((c) => c.route === route);
      if (chart) {
        const embedded = fs.readFileSync(projectPath(chart.file));
        if (embedded.equals(body)) return;
        let at = 0;
        while (at < Math.min(embedded.length, body.length) && embedded[at] === body[at]) at++;
        const around = (b: Buffer) => show(b.subarray(Math.max(0, at - 60), at + 60).toString('utf8'));
        throw failure(
          `${name}: ${chart.file} (embedded at README.md:${chart.line}) is not what the server draws; redraw it with npx tsc -p tsconfig.json && node dist/bench/readme-chart.js`,
          [
            `${embedded.length} bytes embedded, ${body.length} served; first difference at byte ${at}, line ${embedded.subarray(0, at).toString('utf8').split('\n').length}`,
            `embedded: ${around(embedded)}`,
            `served:   ${around(body)}`,
          ],
        );
      }
      if (route.split('?')[0].endsWith('.xlsx')) {
        // A workbook is shown by its screenshot; what is in it, the spreadsheet specs check.
        expect([name, response.headers.get('content-type'), body.subarray(0, 4).toString('hex')]).toEqual([name, XLSX_TYPE, '504b0304']);
        return;
      }
      const answer = answerOf(block, ['', 'text', 'csv', 'json']);
      if (!answer) throw new Error(`${name}: a curl example without what it fetches: embed the image it writes or print the text in a block right after it`);
      const differences =
        answer.lang === 'json'
          ? jsonDifferences(parseJson(answer), JSON.parse(body.toString('utf8')), 'body')
          : textDifferences(answer.lines, linesOf(body.toString('utf8')));
      if (differences.length) throw failure(`${name}: the text printed at README.md:${answer.line} differs from what the server serves:`, differences);
    });
  });

  describe('console sessions: each command prints what README shows', () => {
    it.each(consoleSessions.map((block) => [where(block), block] as const))(
      '%s',
      (name, block) => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fundwatch-readme-'));
        try {
          // The README's sessions are on the default setup: a SQLite database `npm start` has seeded.
          const env = { DB_PATH: path.join(dir, 'data', 'kb.sqlite'), DATABASE_URL: '', MEILI_URL: '' };
          const seeded = run(compiledCommand('npm run seed'), dir, env);
          expect([seeded.code, seeded.stderr]).toEqual([0, '']);
          const commands = block.lines.flatMap((line, i) => (line.startsWith('$ ') ? [i] : []));
          expect(commands[0]).toBe(0);
          for (const [n, i] of commands.entries()) {
            const command = block.lines[i].slice(2);
            const printed = block.lines.slice(i + 1, commands[n + 1] ?? block.lines.length);
            const args = compiledCommand(command);
            for (const arg of args) if (FIXTURE_FILES[arg] && !fs.existsSync(path.join(dir, arg))) fs.writeFileSync(path.join(dir, arg), FIXTURE_FILES[arg]());
            const result = run(args, dir, env);
            const differences = textDifferences(printed, linesOf(result.stdout));
            if (result.code !== 0) differences.unshift(`exit code ${result.code}: ${show(result.stderr)}`);
            if (differences.length) throw failure(`${name}: \`${command}\` (README.md:${block.line + 1 + i}) prints otherwise:`, differences);
          }
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      },
      60_000,
    );
  });
});
