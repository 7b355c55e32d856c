import { DraftDate } from './dates';
import { clauseAt, Sentence, Span } from './sentences';
import { Mention, mentionsIn, Vocabulary } from './vocabulary';

/** What every reader of a document's sentences needs: the document, its sentences, the names it may hold, its year. */
export interface DraftContext {
  text: string;
  sentences: Sentence[];
  vocabulary: Vocabulary;
  /** The id the drafts cite the document by: its curated filing's id, or TODO. */
  documentId: string;
  /** The year of the days it writes without one. */
  documentYear: number | null;
  /** How that year was chosen, as a note says it: "--year 2024", "the latest year the document names". */
  documentYearSource: string;
  /**
   * The latest day any draft of the document read from it, and the draft that read it: where a figure
   * or statement the document gives no date for is proposed (placed-dates.ts). Null on the first pass.
   */
  latestDay: { date: DraftDate; draftId: string } | null;
}

/** The document's words over a span: what a draft quotes. */
export function quoteOf(context: DraftContext, span: Span): string {
  return context.text.slice(span.start, span.end);
}

/** The sentence before `sentence`, if any. */
export function previousOf(context: DraftContext, sentence: Sentence): Sentence | undefined {
  return sentence.index > 0 ? context.sentences[sentence.index - 1] : undefined;
}

/** The names the sentence holds, with their offsets in the document. */
export function mentionsOf(context: DraftContext, sentence: Sentence): Mention[] {
  return mentionsIn(context.vocabulary, sentence.text, sentence.start);
}

/** A sentence repeating or denying talk rather than reporting what happened: its actions are not drafted as events. */
export const HEARSAY = /传闻|传言|流言|流传|造谣|谣言|之说|否认|辟谣/;

/** The sentence holding the document offset `at`. */
export function sentenceAt(context: DraftContext, at: number): Sentence {
  return context.sentences.find((s) => at >= s.start && at < s.end) ?? context.sentences[context.sentences.length - 1];
}

/** The clause holding the document offset `at`, as the document writes it: the quote of a reading there. */
export function clauseQuoteAt(context: DraftContext, at: number): string {
  return quoteOf(context, clauseAt(sentenceAt(context, at), at));
}
