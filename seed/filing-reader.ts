import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { Filing, filing as filingSchema } from './filing-schema';
import { DEFAULT_SEED_LIMITS, describeCharacter, forbiddenCharacterIn, readSeedFile, SeedLimits, seedRoot } from './seed-files';
import { Located, SeedProblem } from './seed-types';

function listYamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return listYamlFiles(full);
      return /\.ya?ml$/.test(entry.name) ? [full] : [];
    })
    .sort();
}

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}

/**
 * Reads and schema-checks every filing under `<seedDir>/filings`. A filing file is read as any
 * curated file is (seed/seed-files.ts): inside the seed, regular, within `limits.filingBytes`,
 * holding only characters curated text may hold.
 */
export function readFilings(seedDir: string, limits: SeedLimits = DEFAULT_SEED_LIMITS): { filings: Located<Filing>[]; problems: SeedProblem[] } {
  const filings: Located<Filing>[] = [];
  const problems: SeedProblem[] = [];
  const root = seedRoot(seedDir);
  const files = listYamlFiles(path.join(seedDir, 'filings'));
  if (files.length === 0) problems.push({ file: displayPath(seedDir), path: '', message: 'no filings found under filings/' });
  for (const file of files) {
    const shown = displayPath(file);
    const read = readSeedFile(root, path.relative(root.dir, path.resolve(file)), limits.filingBytes, 'filing');
    if (!read.ok) {
      problems.push({ file: shown, path: '', message: read.reason });
      continue;
    }
    const value = parseYaml(read.text, shown, limits, problems);
    if (value === undefined) continue;
    const parsed = parseFiling(value, shown, problems);
    if (parsed) filings.push({ file: shown, filing: parsed });
  }
  return { filings, problems };
}

/** Full-width punctuation: the CJK symbols and punctuation block and the half- and full-width forms (，。；：（）). */
const FULL_WIDTH_PUNCTUATION = /^[\u3000-\u303f\uff00-\uffef]$/u;
const HAN = /^\p{Script=Han}$/u;
/** Punctuation Chinese text shares with English (“”‘’, the ellipsis, the dash): full-width beside a Han character only. */
const SHARED_PUNCTUATION = /^[\u2014\u2018\u2019\u201c\u201d\u2026]$/u;

/**
 * Whether a folded line break between `before` (the last character of a line) and `after` (the first
 * of the next) is no space: after full-width punctuation, and between Chinese characters (Han,
 * full-width punctuation, quotation marks, ellipses) when one is Han. Latin letters and digits keep
 * the space, as the seed writes "2024 年 2 月".
 */
function foldsWithoutSpace(before: string, after: string): boolean {
  if (FULL_WIDTH_PUNCTUATION.test(before)) return true;
  const chinese = (c: string) => HAN.test(c) || FULL_WIDTH_PUNCTUATION.test(c) || SHARED_PUNCTUATION.test(c);
  return chinese(before) && chinese(after) && (HAN.test(before) || HAN.test(after));
}

/**
 * The lines of a folded block scalar's source (its header, `>`, `>-` or `>+`, then its lines), when
 * folding it means joining them with a space; null when it means more: an indentation indicator
 * (relative to the parent, unknown here), a blank line (a newline) or a more-indented line (kept as is).
 */
function simpleFoldedLines(source: string): string[] | null {
  const [header, ...body] = source.split('\n');
  if (!/^>[-+]?(?:[ \t]+(?:#.*)?)?$/.test(header)) return null;
  while (body.length > 0 && /^[ \t]*$/.test(body[body.length - 1])) body.pop();
  const indent = /^ */.exec(body[0] ?? '')![0].length;
  const lines = body.map((line) => line.slice(indent));
  const simple = indent > 0 && body.every((line, i) => line.startsWith(' '.repeat(indent)) && /^[^ \t]/.test(lines[i]));
  return simple ? lines : null;
}

/**
 * Re-folds the folded block scalars of a parsed document for Chinese text: YAML folds a line break
 * into a space, which after full-width punctuation or between Han characters is a stray one
 * ("之一， 是一种"). A scalar is re-folded from its source only when folding that source with spaces
 * gives the library's value back (chomping aside); any other keeps the library's value.
 */
function refoldChineseLines(document: YAML.Document, text: string): void {
  YAML.visit(document, {
    Scalar(_key, node) {
      if (node.type !== 'BLOCK_FOLDED' || typeof node.value !== 'string' || !node.range) return;
      const lines = simpleFoldedLines(text.slice(node.range[0], node.range[1]));
      if (lines === null || lines.length < 2) return;
      const spaced = lines.join(' ');
      const chomped = node.value.slice(spaced.length);
      if (!node.value.startsWith(spaced) || !/^\n*$/.test(chomped)) return;
      const lastOf = (line: string) => /[\s\S]$/u.exec(line)![0];
      const firstOf = (line: string) => /^[\s\S]/u.exec(line)![0];
      node.value = lines.map((line, i) => (i === 0 || foldsWithoutSpace(lastOf(lines[i - 1]), firstOf(line)) ? line : ` ${line}`)).join('') + chomped;
    },
  });
}

/** Where the quoted scalar a "Missing closing quote" error is about opens: yaml reports the error where the file ends. */
function unclosedQuoteOf(document: YAML.Document, error: YAML.YAMLError): number | null {
  if (error.code !== 'MISSING_CHAR' || !/quote/.test(error.message)) return null;
  let opened: number | null = null;
  YAML.visit(document, {
    Scalar(_key, node) {
      if ((node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') && node.range?.[1] === error.pos[0]) opened = node.range[0];
    },
  });
  return opened;
}

/**
 * The content of one YAML filing, or undefined (its problems added) when it is not well-formed or its
 * aliases expand too far. A file that is not well-formed gets one problem, its first error: one slip
 * (a tab as indentation) often makes the parser report several.
 */
export function parseYaml(text: string, file: string, limits: SeedLimits, problems: SeedProblem[]): unknown {
  const lineCounter = new YAML.LineCounter();
  // Without prettyErrors a message is the reason alone; the line and column come from the counter.
  const document = YAML.parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  const [error] = document.errors;
  if (error) {
    const opened = unclosedQuoteOf(document, error);
    const at = lineCounter.linePos(opened ?? error.pos[0]);
    const reason = error.message.replace(/\s+/g, ' ').trim().replace(/:$/, '');
    const where = opened === null ? '' : ' (the quoted text that opens here runs on to the end of the file)';
    problems.push({ file, path: `line ${at.line}, column ${at.col}`, message: `YAML syntax: ${reason}${where}` });
    return undefined;
  }
  refoldChineseLines(document, text);
  try {
    return document.toJS({ maxAliasCount: limits.yamlAliases });
  } catch (error) {
    // yaml throws a ReferenceError when the aliases would expand past maxAliasCount (a "billion laughs"),
    // and another when an alias names no anchor before it.
    const message = error instanceof Error ? error.message : '';
    const bomb = error instanceof ReferenceError && /excessive alias count/i.test(message);
    const unresolved = error instanceof ReferenceError && /^Unresolved alias/i.test(message);
    problems.push({
      file,
      path: '',
      message: bomb
        ? `YAML aliases expand past the limit of ${limits.yamlAliases} (an alias bomb): refused`
        : unresolved
          ? `YAML alias *${message.split(': ').pop()!.slice(0, 60)} names no anchor set before it (&${message.split(': ').pop()!.slice(0, 60)})`
          : `YAML could not be read: ${(error as Error).name}`,
    });
    return undefined;
  }
}

/**
 * Every string of a parsed filing, keys included, held to the characters curated text may hold,
 * whatever the field's schema: a YAML escape ("\u0000", "\e", "\ud800") writes what the file's
 * text does not show. Iterative: a filing's nesting depth is the author's to choose.
 */
export function checkFilingText(value: unknown, file: string, problems: SeedProblem[]): void {
  const pending: [unknown, string][] = [[value, '']];
  const report = (at: string, text: string, what: string) => {
    const bad = forbiddenCharacterIn(text);
    if (bad) problems.push({ file, path: at, message: `${what} holds ${describeCharacter(bad.codePoint)} at offset ${bad.offset}` });
  };
  while (pending.length > 0) {
    const [item, at] = pending.pop()!;
    if (typeof item === 'string') report(at, item, 'the text');
    else if (Array.isArray(item)) for (let i = item.length - 1; i >= 0; i -= 1) pending.push([item[i], `${at}[${i}]`]);
    else if (item !== null && typeof item === 'object') {
      for (const [key, child] of Object.entries(item).reverse()) {
        const childAt = at === '' ? key : `${at}.${key}`;
        report(childAt, key, 'the key');
        pending.push([child, childAt]);
      }
    }
  }
}

/**
 * Checks the characters and the schema of one filing's content; adds its problems. Returns null when
 * the schema fails; a filing with bad characters only is still returned, so that what refers to it
 * resolves and the load fails on those characters alone.
 */
export function parseFiling(value: unknown, file: string, problems: SeedProblem[]): Filing | null {
  checkFilingText(value, file, problems);
  const parsed = filingSchema.safeParse(value, {
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? `is required (expected ${issue.expected})` : undefined),
  });
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) problems.push({ file, path: issue.path.join('.'), message: issue.message });
  return null;
}
