/**
 * A document cut into sentences and clauses, each with its offsets in the document, so that whatever a
 * draft quotes is a slice of the document itself: verbatim, found by the loader's quote check.
 */

/** A stretch of the document, [start, end) in UTF-16 offsets. */
export interface Span {
  start: number;
  end: number;
}

export interface Sentence extends Span {
  /** The sentence's number in the document, from 0. */
  index: number;
  /** The line (paragraph) it is on, from 0: the cleaned body of a document holds one paragraph a line. */
  paragraph: number;
  text: string;
  /** Its clauses, split at ，and ；(inside quotation marks too: a quoted remark has clauses of its own). */
  clauses: Span[];
}

const OPENING = '“‘「『《';
const CLOSING = '”’」』》';
const TERMINAL = '。！？';
/** Punctuation that stays with the sentence it ends: 。。, ？！, …… */
const TRAILING = '。！？…';

/** The span without the whitespace at its ends; null when nothing is left. */
function trimmed(text: string, start: number, end: number): Span | null {
  let s = start;
  let e = end;
  while (s < e && /\s/.test(text[s])) s += 1;
  while (e > s && /\s/.test(text[e - 1])) e -= 1;
  return s < e ? { start: s, end: e } : null;
}

function clausesOf(text: string, sentence: Span): Span[] {
  const clauses: Span[] = [];
  let start = sentence.start;
  for (let i = sentence.start; i < sentence.end; i += 1) {
    if (text[i] !== '，' && text[i] !== '；') continue;
    const clause = trimmed(text, start, i);
    if (clause) clauses.push(clause);
    start = i + 1;
  }
  const last = trimmed(text, start, sentence.end);
  if (last) clauses.push(last);
  return clauses;
}

/**
 * The sentences of a document: a sentence ends at 。！or ？ outside quotation marks (a quoted remark
 * and the words that attribute it, “……。”某人士称。, are one sentence) and at every line break.
 */
export function sentencesOf(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let paragraph = 0;
  let start = 0;
  let depth = 0;
  const close = (end: number) => {
    const span = trimmed(text, start, end);
    if (span) sentences.push({ ...span, index: sentences.length, paragraph, text: text.slice(span.start, span.end), clauses: clausesOf(text, span) });
    start = end;
  };
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '\n') {
      close(i);
      if (sentences.length > 0 && sentences[sentences.length - 1].paragraph === paragraph) paragraph += 1;
      depth = 0;
    } else if (OPENING.includes(ch)) depth += 1;
    else if (CLOSING.includes(ch)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && TERMINAL.includes(ch)) {
      let end = i + 1;
      while (end < text.length && TRAILING.includes(text[end])) end += 1;
      close(end);
      i = end - 1;
    }
  }
  close(text.length);
  return sentences;
}

/** The clause of `sentence` that holds the document offset `at` (the last clause when `at` is past them all). */
export function clauseAt(sentence: Sentence, at: number): Span {
  return sentence.clauses.find((c) => at >= c.start && at < c.end) ?? sentence.clauses[sentence.clauses.length - 1];
}

/** The smallest run of whole clauses of `sentence` that covers every offset in `at`. */
export function clauseSpan(sentence: Sentence, at: number[]): Span {
  const spans = at.map((offset) => clauseAt(sentence, offset));
  return { start: Math.min(...spans.map((s) => s.start)), end: Math.max(...spans.map((s) => s.end)) };
}

/** Two spans together: from the first's start to the last's end. */
export function joinSpans(...spans: Span[]): Span {
  return { start: Math.min(...spans.map((s) => s.start)), end: Math.max(...spans.map((s) => s.end)) };
}
