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

/** The content of one YAML filing, or undefined (its problems added) when it is not well-formed or its aliases expand too far. */
function parseYaml(text: string, file: string, limits: SeedLimits, problems: SeedProblem[]): unknown {
  const document = YAML.parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      const at = error.linePos?.[0];
      problems.push({ file, path: at ? `line ${at.line}, column ${at.col}` : '', message: `YAML syntax: ${error.message.split('\n')[0]}` });
    }
    return undefined;
  }
  try {
    return document.toJS({ maxAliasCount: limits.yamlAliases });
  } catch (error) {
    // yaml throws a ReferenceError when the aliases would expand past maxAliasCount (a "billion laughs").
    const bomb = error instanceof ReferenceError && /alias/i.test(error.message);
    problems.push({
      file,
      path: '',
      message: bomb
        ? `YAML aliases expand past the limit of ${limits.yamlAliases} (an alias bomb): refused`
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
