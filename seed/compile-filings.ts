import { containsQuote, normalizeWhitespace, passagesOf, quoteOccursIn } from '../src/announcements/text';
import { CompileContext, createCompileContext } from './compile-context';
import { compileFiling } from './compilers/filing-compilers';
import { Filing } from './filing-schema';
import { DEFAULT_SEED_LIMITS, SeedLimits } from './seed-files';
import { Located, SeedProblem, SeedRows } from './seed-types';

/** Every reference names an id some filing defines, of the kind it refers to. */
function checkReferences({ defined, pendingRefs, problems }: CompileContext): void {
  for (const r of pendingRefs) {
    if (!defined.get(r.kind)?.has(r.id)) problems.push({ file: r.file, path: r.at, message: `unknown ${r.kind} "${r.id}"` });
  }
}

/** Every quote occurs in its document, whitespace aside. */
function checkQuotes({ pendingQuotes, documents, problems }: CompileContext, bodies: Map<string, string>): void {
  const normalizedBodies = new Map<string, string>();
  for (const q of pendingQuotes) {
    const body = bodies.get(q.citation.document);
    // A document that could not be read has had its problem reported; its quotes are not checked against nothing.
    if (body === undefined || documents.unread.has(q.citation.document)) continue;
    let normalized = normalizedBodies.get(q.citation.document);
    if (normalized === undefined) normalizedBodies.set(q.citation.document, (normalized = normalizeWhitespace(body)));
    if (!quoteOccursIn(normalized, q.citation.quote)) {
      problems.push({ file: q.file, path: q.at, message: `quote not found in document "${q.citation.document}": "${q.citation.quote}"` });
    }
  }
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

/**
 * Turns validated filings into rows, checking what a schema cannot: unique ids, references that
 * resolve, quotes that occur in their documents, derived figures that agree with the stated ones.
 * Each filing goes to its kind's compiler (seed/compilers/); the checks across filings run after the last.
 */
export function compileFilings(
  seedDir: string,
  filings: Located<Filing>[],
  limits: SeedLimits = DEFAULT_SEED_LIMITS,
): { rows: SeedRows; problems: SeedProblem[] } {
  const context = createCompileContext(seedDir, limits);
  for (const located of filings) compileFiling(context, located);
  checkReferences(context);
  const { rows, problems } = context;
  const bodies = new Map(rows.announcements.map((a) => [a.key, a.body]));
  checkQuotes(context, bodies);
  checkQuotedStatements(context, bodies);
  // A document quoted by another goes after it, so that foreign keys hold while inserting.
  rows.announcements.sort((a, b) => Number(a.quotedInKey !== null) - Number(b.quotedInKey !== null) || a.key.localeCompare(b.key));
  return { rows, problems };
}
