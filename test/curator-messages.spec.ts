import fs from 'node:fs';
import path from 'node:path';
import { parseYaml } from '../seed/filing-reader';
import { DEFAULT_SEED_LIMITS, prepareSeed, readFilings, SeedProblem, SeedValidationError } from '../seed/loader';
import { closestPassage, indexPassages, quoteNotFoundMessage, quoteNotFoundMessages } from '../seed/quote-diff';
import { normalizeWhitespace } from '../src/announcements/text';
import { copySeed, editSeedFile } from './support/seed-fixture';
import { SEED_DIR } from './support/server';

/**
 * Messages a curator can act on: a YAML slip reported once, at its line and column; folded Chinese
 * lines that come out without stray spaces; a quote that is not in its document reported with the
 * closest passage and where the two first differ.
 */
const ARTICLE = 'article-quant-funds-darkest-hour';
const EVENT = 'filings/events/2023-08-31-csrc-sh-order-to-correct-minghong.yaml';
const QUOTE = '2023 年 8 月 31 日，上海证监局对明汯投资采取责令改正的行政监管措施。';
const SCRATCH = 'filings/concepts/curator-messages-test.yaml';
const CONCEPT = [
  'filing: concept',
  'id: curator-messages-test',
  'term: 测试术语',
  'definition: >-',
  '  第一行，',
  '  第二行。',
  'sources:',
  `  - document: ${ARTICLE}`,
  '    quote: 一般来说，微盘股在流通市值排名中靠后',
  '',
].join('\n');

const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});
function seedCopy(): string {
  const dir = copySeed();
  made.push(dir);
  return dir;
}

/** The problems prepareSeed reports for a seed directory, each file named relative to it; [] when it passes. */
function problemsOf(dir: string): SeedProblem[] {
  try {
    prepareSeed(dir);
    return [];
  } catch (error) {
    if (!(error instanceof SeedValidationError)) throw error;
    return error.problems.map((p) => ({ ...p, file: path.relative(dir, path.resolve(p.file)) }));
  }
}

/** The filings readFilings reads from a seed directory, keyed by their file relative to it. */
function filingsOf(dir: string): Map<string, unknown> {
  return new Map(readFilings(dir).filings.map(({ file, filing }) => [path.relative(dir, path.resolve(file)), filing]));
}

/** The value of one YAML text as the reader parses it, and the problems it reports. */
function parsed(text: string): { value: unknown; problems: SeedProblem[] } {
  const problems: SeedProblem[] = [];
  return { value: parseYaml(text, 'test.yaml', DEFAULT_SEED_LIMITS, problems), problems };
}

describe('a YAML error', () => {
  let baseline: { problems: SeedProblem[]; filings: Map<string, unknown> };
  beforeAll(() => {
    const dir = seedCopy();
    baseline = { problems: problemsOf(dir), filings: filingsOf(dir) };
  });

  it.each([
    ['an unclosed quote', (t: string) => t.replace('term: 测试术语', 'term: "测试术语')],
    ['a tab as indentation', (t: string) => t.replace('  - document', '\t- document')],
    ['a duplicate key', (t: string) => t.replace('term: 测试术语\n', 'term: 测试术语\nterm: 另一个术语\n')],
    ['a key indented too far', (t: string) => t.replace('    quote:', '     quote:')],
    ['a top-level key out of line', (t: string) => t.replace('definition:', ' definition:')],
    ['an unclosed flow sequence', (t: string) => t.replace('term: 测试术语', 'term: [测试术语')],
  ])('is reported once, at its line and column, with no dangling colon: %s', (_name, breakIt) => {
    const broken = breakIt(CONCEPT);
    expect(broken).not.toBe(CONCEPT);
    const dir = seedCopy();
    fs.writeFileSync(path.join(dir, SCRATCH), broken);
    const problems = problemsOf(dir);
    const mine = problems.filter((p) => p.file === SCRATCH);
    expect(mine).toEqual([{ file: SCRATCH, path: expect.stringMatching(/^line \d+, column \d+$/), message: expect.stringMatching(/^YAML syntax: \S/) }]);
    expect(mine[0].message).not.toMatch(/:$/);
    expect(mine[0].message).not.toMatch(/\n/);
    expect(mine[0].message).not.toMatch(/at line \d+/);
    expect(problems.filter((p) => p.file !== SCRATCH)).toEqual(baseline.problems);
    expect(filingsOf(dir)).toEqual(baseline.filings);
  });

  it('points at the line and column of the first error, even when the parser reports several', () => {
    // A tab before "- document" makes yaml report three errors; the first is the tab.
    const { value, problems } = parsed(CONCEPT.replace('  - document', '\t- document'));
    expect(value).toBeUndefined();
    expect(problems).toEqual([{ file: 'test.yaml', path: 'line 8, column 1', message: 'YAML syntax: Tabs are not allowed as indentation' }]);
    expect(parsed('a: 1\na: 2\n').problems).toEqual([{ file: 'test.yaml', path: 'line 2, column 1', message: 'YAML syntax: Map keys must be unique' }]);
  });

  it('points an unclosed quote at where it opens, not at the end of the file where yaml finds it missing', () => {
    expect(parsed(CONCEPT.replace('term: 测试术语', 'term: "测试术语')).problems).toEqual([
      {
        file: 'test.yaml',
        path: 'line 3, column 7',
        message: 'YAML syntax: Missing closing "quote (the quoted text that opens here runs on to the end of the file)',
      },
    ]);
    expect(parsed("a: 1\nb: '测试\nc: 2\n").problems).toEqual([expect.objectContaining({ path: 'line 2, column 4' })]);
  });
});

describe('a folded block scalar', () => {
  const valueOf = (yaml: string) => {
    const { value, problems } = parsed(yaml);
    expect(problems).toEqual([]);
    return (value as { v: string }).v;
  };

  it('gives the concept definitions of the seed without a space after full-width punctuation', () => {
    // Several are written across lines that end in a full-width comma or semicolon ("之一，" then "是一种").
    const concepts = [...filingsOf(SEED_DIR).entries()].filter(([file]) => file.startsWith('filings/concepts/'));
    expect(concepts.length).toBeGreaterThanOrEqual(4);
    for (const [file, filing] of concepts) {
      const { definition } = filing as { definition: string };
      expect([file, definition]).toEqual([file, expect.not.stringMatching(/[\u3000-\u303f\uff00-\uffef] /)]);
    }
  });

  it('joins Chinese lines without a space and keeps the space beside Latin letters and digits', () => {
    expect(valueOf('v: >-\n  业务之一，\n  是一种\n')).toBe('业务之一，是一种');
    expect(valueOf('v: >-\n  加了杠\n  杆的\n')).toBe('加了杠杆的');
    expect(valueOf('v: >-\n  形成\n  “市场下跌”\n  的恶性循环\n')).toBe('形成“市场下跌”的恶性循环');
    expect(valueOf('v: >-\n  "2023 年 8 月 31 日……\n  随后 9 月"\n')).toBe('"2023 年 8 月 31 日……随后 9 月"');
    expect(valueOf('v: >-\n  为 2023\n  年以来\n')).toBe('为 2023 年以来');
    expect(valueOf('v: >-\n  2024 年\n  2 月\n')).toBe('2024 年 2 月');
    expect(valueOf('v: >-\n  全称 Direct\n  Market Access\n')).toBe('全称 Direct Market Access');
    expect(valueOf('v: >-\n  a total-return swap with a\n  broker’s proprietary desk, “DMA”\n  for short\n')).toBe(
      'a total-return swap with a broker’s proprietary desk, “DMA” for short',
    );
  });

  it('keeps its chomping and any comment on its header', () => {
    expect(valueOf('v: >\n  之一，\n  是一种\n')).toBe('之一，是一种\n');
    expect(valueOf('v: >-\n  之一，\n  是一种\n\n')).toBe('之一，是一种');
    expect(valueOf('v: >+\n  之一，\n  是一种\n\n\nw: 1\n')).toBe('之一，是一种\n\n\n');
    expect(valueOf('v: >- # the definition\n  之一，\n  是一种\n# after\n')).toBe('之一，是一种');
    expect(valueOf('v: &d >-\n  之一，\n  是一种\nw: *d\n')).toBe('之一，是一种');
    expect(parsed('v:\n  - >-\n    之一，\n    是一种\n  - 1\n').value).toEqual({ v: ['之一，是一种', 1] });
  });

  it('is left as YAML folds it where folding means more than a space', () => {
    // A blank line is a newline, a more-indented line is kept as written, an indentation indicator is relative to the parent.
    expect(valueOf('v: >-\n  之一，\n\n  是一种\n')).toBe('之一，\n是一种');
    expect(valueOf('v: >-\n  之一，\n    是一种\n  策略\n')).toBe('之一，\n  是一种\n策略');
    expect(valueOf('v: >2-\n  之一，\n  是一种\n')).toBe('之一， 是一种');
  });

  it('leaves literal blocks and quoted scalars as they are', () => {
    expect(valueOf('v: |-\n  之一，\n  是一种\n')).toBe('之一，\n是一种');
    expect(valueOf('v: "之一，\n  是一种"\n')).toBe('之一， 是一种');
    expect(valueOf("v: '之一，\n  是一种'\n")).toBe('之一， 是一种');
    expect(valueOf('v: 之一，\n  是一种\n')).toBe('之一， 是一种');
  });

  it('reaches the filings through the loader: a concept definition folded across full-width punctuation reads clean', () => {
    const dir = seedCopy();
    fs.writeFileSync(path.join(dir, SCRATCH), CONCEPT);
    const concept = filingsOf(dir).get(SCRATCH) as { definition: string };
    expect(concept.definition).toBe('第一行，第二行。');
  });
});

describe('a quote not found in its document', () => {
  const body = normalizeWhitespace(fs.readFileSync(path.join(SEED_DIR, 'documents', `${ARTICLE}.zh.txt`), 'utf8'));
  const index = indexPassages(body);
  const messageFor = (quote: string) => quoteNotFoundMessage(ARTICLE, index, quote);

  it('is the quote of the seed, found as it is (what the cases below change)', () => {
    expect(body).toContain(QUOTE);
  });

  it('names both stretches of a changed word in the middle, after the text they agree on', () => {
    const message = messageFor(QUOTE.replace('责令改正', '责令整改'));
    expect(message).toBe(
      `quote not found in document "${ARTICLE}": it differs from the closest passage at character 31 of the quote: ` +
        `quote …局对明汯投资采取责令[整改] vs document …局对明汯投资采取责令[改正]; the passage reads "${QUOTE}"`,
    );
    const difference = closestPassage(index, QUOTE.replace('责令改正', '责令整改'))!;
    expect(body.slice(difference.documentAt, difference.documentAt + 2)).toBe('改正');
    expect(difference.quoteAt).toBe(QUOTE.indexOf('改正'));
  });

  it('locates a change in the first character', () => {
    const message = messageFor(`3${QUOTE.slice(1)}`);
    expect(message).toContain('at character 1 of the quote: quote [3]023 年 8 月… vs document [2]023 年 8 月…');
    expect(message).toContain(`the passage reads "${QUOTE}"`);
  });

  it('shows an inserted character against nothing, and a deleted one the other way round', () => {
    expect(messageFor(QUOTE.replace('明汯投资', '明汯汯投资'))).toContain(
      'character 25 of the quote: quote …日，上海证监局对明汯[汯] vs document …日，上海证监局对明汯[]',
    );
    expect(messageFor(QUOTE.replace('行政监管', '行监管'))).toContain(
      'character 35 of the quote: quote …投资采取责令改正的行[] vs document …投资采取责令改正的行[政]',
    );
  });

  it('shows a half-width comma against the full-width one of the document', () => {
    expect(messageFor(QUOTE.replace('，', ','))).toContain('quote …年 8 月 31 日[,] vs document …年 8 月 31 日[，]');
  });

  it('shows a quote that runs on past its passage, and a missing space', () => {
    expect(messageFor(`${QUOTE}另外`)).toContain('quote …改正的行政监管措施。[另外] vs document …改正的行政监管措施。[随后]');
    expect(messageFor(QUOTE.replace('2023 年', '2023年'))).toContain('at character 5 of the quote: quote 2023[] vs document 2023[ ]');
  });

  it('locates a quote wrong at both ends by its middle', () => {
    const message = messageFor(`X${QUOTE.slice(1, -1)}！`);
    expect(message).toContain('at character 1 of the quote: quote [X]023 年 8 月… vs document [2]023 年 8 月…');
  });

  it('says that a quote from elsewhere entirely matches no passage', () => {
    expect(messageFor('今天天气很好，我们一起去公园散步吧')).toBe(
      `quote not found in document "${ARTICLE}": the quote matches no passage of the document ` +
        '(not four characters in a row of its start, middle or end occur in it: is it from another document?); ' +
        'the quote begins "今天天气很好，我们一起去公园散步吧"',
    );
    expect(closestPassage(index, 'Something else entirely')).toBeNull();
  });

  it('trims the passage of a long quote to the stretch around the difference', () => {
    const start = body.indexOf('一位资深量化行业人士称');
    const long = body.slice(start, start + 150);
    const difference = closestPassage(index, `${long.slice(0, 120)}X${long.slice(121)}`)!;
    expect(difference.quoteAt).toBe(120);
    expect(difference.passage).toBe(`…${long.slice(70)}`);
  });

  it('is reported by the loader with the closest passage', () => {
    const dir = seedCopy();
    editSeedFile(dir, EVENT, (t) => t.replace(`quote: ${QUOTE}`, `quote: ${QUOTE.replace('责令改正', '责令整改')}`));
    const problems = problemsOf(dir);
    expect(problems).toEqual(
      expect.arrayContaining([
        {
          file: EVENT,
          path: 'sources[0].quote',
          message: expect.stringContaining(
            'it differs from the closest passage at character 31 of the quote: quote …局对明汯投资采取责令[整改] vs document …局对明汯投资采取责令[改正]',
          ),
        },
      ]),
    );
  });

  it('gives the messages of many quotes in their order, each against its own document', () => {
    const other = '深交所称，今年以来，宁波灵均名下证券账户已多次因异常交易行为被深交所采取书面警示等监管措施。';
    const missing = [
      { document: ARTICLE, normalizedBody: body, quote: QUOTE.replace('责令改正', '责令整改') },
      { document: 'szse-statement', normalizedBody: other, quote: other.replace('书面警示', '书面警告') },
      { document: ARTICLE, normalizedBody: body, quote: QUOTE.replace('，', ',') },
    ];
    const messages = quoteNotFoundMessages(missing);
    expect(messages).toEqual(missing.map((m) => quoteNotFoundMessage(m.document, indexPassages(m.normalizedBody), m.quote)));
    expect(messages[1]).toContain(
      'quote not found in document "szse-statement": it differs from the closest passage at character 40 of the quote: quote …为被深交所采取书面警[告] vs document …为被深交所采取书面警[示]',
    );
  });

  it('keeps the work bounded: 5,000 wrong quotes of 1,000 characters against a document of 2 MiB', () => {
    // Periodic text is the worst case for a search by indexOf (each probe a scan of the document) and for
    // the suffix array's comparisons (long shared prefixes); half the quotes are wrong at their start.
    const document = 'ab'.repeat(1024 * 1024);
    const quotes = Array.from({ length: 5000 }, (_, i) => {
      const at = (i * 7919) % (document.length - 1000);
      const wrongAt = i % 2 === 0 ? 0 : (i * 31) % 1000;
      return `${document.slice(at, at + wrongAt)}X${document.slice(at + wrongAt + 1, at + 1000)}`;
    });
    const started = Date.now();
    const hostile = indexPassages(document);
    const messages = quotes.map((quote) => quoteNotFoundMessage('hostile', hostile, quote));
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(messages.filter((m) => m.startsWith('quote not found in document "hostile": it differs from the closest passage'))).toHaveLength(5000);
    // Characters compared per quote: about a hundred times its length at worst, never the document's length.
    expect(hostile.compared / quotes.length).toBeLessThan(150 * 1000);
  }, 60_000);
});
