import { containsQuote, normalizeWhitespace, passagesOf } from '../src/announcements/text';
import { CompileContext, createCompileContext } from './compile-context';
import { checkFacts } from './facts/check-facts';
import { checkDerivedFacts } from './facts/derived-facts';
import { factSourcesOf } from './facts/fact-sources';
import { compileFiling } from './compilers/filing-compilers';
import { Filing } from './filing-schema';
import { CitationInput } from './filing-schema';
import { quoteNotFoundMessages, textSearch } from './quote-diff';
import { DEFAULT_SEED_LIMITS, SeedLimits } from './seed-files';
import { Located, SeedProblem, SeedRows } from './seed-types';

/** Every reference names an id some filing defines, of the kind it refers to. */
function checkReferences({ defined, pendingRefs, problems }: CompileContext): void {
  for (const r of pendingRefs) {
    if (!defined.get(r.kind)?.has(r.id)) problems.push({ file: r.file, path: r.at, message: `unknown ${r.kind} "${r.id}"` });
  }
}

/** Every quote occurs in its document, whitespace aside. */
function checkQuotes({ pendingQuotes, documents, problems }: CompileContext, bodies: Map<string, string>): Set<CitationInput> {
  const normalizedBodies = new Map<string, string>();
  const searches = new Map<string, (needle: string) => boolean>();
  const notFound = new Set<CitationInput>();
  const missing: { file: string; at: string; document: string; normalizedBody: string; quote: string }[] = [];
  for (const q of pendingQuotes) {
    const body = bodies.get(q.citation.document);
    // A document that could not be read has had its problem reported; its quotes are not checked against nothing.
    if (body === undefined || documents.unread.has(q.citation.document)) continue;
    let normalized = normalizedBodies.get(q.citation.document);
    if (normalized === undefined) normalizedBodies.set(q.citation.document, (normalized = normalizeWhitespace(body)));
    let search = searches.get(q.citation.document);
    if (search === undefined) searches.set(q.citation.document, (search = textSearch(normalized)));
    if (!search(normalizeWhitespace(q.citation.quote))) {
      notFound.add(q.citation);
      missing.push({ file: q.file, at: q.at, document: q.citation.document, normalizedBody: normalized, quote: q.citation.quote });
    }
  }
  // Where each missing quote departs from its closest passage: worked out per document, after the check.
  const messages = quoteNotFoundMessages(missing);
  missing.forEach(({ file, at }, i) => problems.push({ file, path: at, message: messages[i] }));
  return notFound;
}

/** Every passage of a document quoted in another (`quotedIn`) occurs in the quoting document. */
function checkQuotedStatements({ statements, documents, problems }: CompileContext, bodies: Map<string, string>): void {
  for (const { file, filing } of statements) {
    const quotedIn = bodies.get(filing.quotedIn!);
    if (quotedIn === undefined || documents.unread.has(filing.quotedIn!) || documents.unread.has(filing.id)) continue;
    passagesOf(bodies.get(filing.id) ?? '').forEach((passage, i) => {
      if (!containsQuote(quotedIn, passage)) {
        problems.push({
          file,
          path: `body (passage ${i + 1})`,
          message: `passage not found in the quoting document "${filing.quotedIn}": "${passage.slice(0, 40)}…"`,
        });
      }
    });
  }
}

/** The year each undated document's days without a year are in (`undatedYear`). */
function undatedYears(filings: Located<Filing>[]): Map<string, number> {
  const years = new Map<string, number>();
  for (const { filing } of filings) if (filing.filing === 'announcement' && filing.undatedYear !== undefined) years.set(filing.id, filing.undatedYear);
  return years;
}

/** How a compile runs: `facts: false` skips the check of fields against their quotes (synthetic filings, whose quotes are drawn at random). */
export interface CompileOptions {
  facts?: boolean;
}

/**
 * Turns validated filings into rows, checking what a schema cannot: unique ids, references that
 * resolve, quotes that occur in their documents, derived figures that agree with the stated ones, and
 * every fact-stating field agreeing with its quotes (seed/facts/).
 * Each filing goes to its kind's compiler (seed/compilers/); the checks across filings run after the last.
 */
export function compileFilings(
  seedDir: string,
  filings: Located<Filing>[],
  limits: SeedLimits = DEFAULT_SEED_LIMITS,
  options: CompileOptions = {},
): { rows: SeedRows; problems: SeedProblem[]; factFields: number } {
  const context = createCompileContext(seedDir, limits);
  for (const located of filings) compileFiling(context, located);
  checkReferences(context);
  const { rows, problems } = context;
  const bodies = new Map(rows.announcements.map((a) => [a.key, a.body]));
  const notFound = checkQuotes(context, bodies);
  checkQuotedStatements(context, bodies);
  let factFields = 0;
  if (options.facts !== false) {
    const factSources = factSourcesOf(rows, undatedYears(filings), (citation) => !notFound.has(citation) && !context.documents.unread.has(citation.document));
    factFields = checkFacts(filings, factSources, problems).fields;
    checkDerivedFacts(filings, rows, factSources, problems);
  }
  // A document quoted by another goes after it, so that foreign keys hold while inserting.
  rows.announcements.sort((a, b) => Number(a.quotedInKey !== null) - Number(b.quotedInKey !== null) || a.key.localeCompare(b.key));
  return { rows, problems, factFields };
}
