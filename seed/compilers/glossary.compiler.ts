import { GlossaryTerm } from '../../src/glossary/glossary.entity';
import { create, CompileContext } from '../compile-context';
import { GlossaryFiling } from '../filing-schema';
import { Located } from '../seed-types';

type Entry = GlossaryFiling['terms'][number];

/**
 * Records that a term belongs to the entry at `at`; a term given twice, in one filing or across two, is a
 * problem naming where it was first given. English terms compare case aside, Chinese terms as written.
 */
function claimTerm({ defined, problems }: CompileContext, language: 'English' | 'Chinese', term: string, file: string, at: string): void {
  const kind = `glossary ${language} term`;
  const claimed = defined.get(kind) ?? new Map<string, string>();
  defined.set(kind, claimed);
  const id = language === 'English' ? term.toLowerCase() : term;
  const first = claimed.get(id);
  if (first !== undefined) problems.push({ file, path: at, message: `${language} term "${term}" is already given (first at ${first})` });
  else claimed.set(id, `${file}: ${at}`);
}

function compileEntry(context: CompileContext, entry: Entry, file: string, at: string): void {
  context.define('glossary term', entry.id, file, `${at}.id`);
  entry.english.forEach((term, j) => claimTerm(context, 'English', term, file, `${at}.english[${j}]`));
  entry.chinese.forEach((term, j) => claimTerm(context, 'Chinese', term, file, `${at}.chinese[${j}]`));
  context.rows.glossaryTerms.push(
    create(GlossaryTerm, {
      key: entry.id,
      english: entry.english,
      chinese: entry.chinese,
      eventTypes: entry.eventTypes,
      // Across filings, in the order they are read: the glossary's one order.
      position: context.rows.glossaryTerms.length,
    }),
  );
  context.cite('GlossaryTerm', entry.id, entry.sources, file, `${at}.sources`);
}

/** The bilingual glossary: each entry's row and its citations; every id and every term given once. */
export function compileGlossary(context: CompileContext, { file, filing }: Located<GlossaryFiling>): void {
  filing.terms.forEach((entry, i) => compileEntry(context, entry, file, `terms[${i}]`));
}
