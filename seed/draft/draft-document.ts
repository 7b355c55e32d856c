import { parseCnyAmount } from '../../src/core/money';
import { actionDraft } from './action-drafts';
import { actionsOf } from './actions';
import { DraftContext } from './draft-context';
import { Draft, TODO } from './draft-model';
import { episodeDrafts, windowDrafts } from './market-drafts';
import { continuesPerformance, isPerformanceSentence, performanceDraft } from './performance-drafts';
import { latestDayRead } from './placed-dates';
import { Sentence, sentencesOf } from './sentences';
import { Vocabulary } from './vocabulary';

/**
 * Reads a document sentence by sentence and drafts what it reports: every dated action of an authority
 * (or a manager's dissolution), every trade with its window and every index window, every performance
 * disclosure with its figures. Nothing is written here: draft-command.ts writes the drafts.
 */

export interface DocumentFacts {
  documentId: string;
  documentYear: number | null;
  documentYearSource: string;
}

/**
 * The drafts of a document, in the order the document gives them. Drafted twice when the first pass
 * reads a day: the second knows the document's latest dated fact, where a figure or statement the
 * document gives no date for is proposed (placed-dates.ts).
 */
export function draftDocument(text: string, vocabulary: Vocabulary, facts: DocumentFacts): Draft[] {
  const context: DraftContext = { text, sentences: sentencesOf(text), vocabulary, ...facts, latestDay: null };
  const first = draftsOf(context);
  const latestDay = latestDayRead(first);
  const drafts = latestDay === null ? first : draftsOf({ ...context, latestDay });
  return drafts.map((d) => (facts.documentId === TODO ? markDocumentTodo(d) : d));
}

function draftsOf(context: DraftContext): Draft[] {
  const drafts: Draft[] = [];
  let group: Sentence[] | null = null;
  for (const sentence of context.sentences) {
    const actions = actionsOf(context, sentence);
    drafts.push(...actions.map((a) => actionDraft(context, a)), ...episodeDrafts(context, sentence), ...windowDrafts(context, sentence));
    const performance = actions.length === 0 && isPerformanceSentence(context, sentence);
    if (group !== null && performance && continuesPerformance(context, sentence, group)) {
      group.push(sentence);
      continue;
    }
    if (group !== null) drafts.push(performanceDraft(context, group));
    group = performance ? [sentence] : null;
  }
  if (group !== null) drafts.push(performanceDraft(context, group));
  return uniqueIds(mergeTrades(drafts).sort((a, b) => a.span.start - b.span.start));
}

type Fields = { [key: string]: unknown };

function episodeOf(draft: Draft): Fields {
  return (draft.filing.episodes as Fields[])[0];
}

function tradeKey(draft: Draft): string {
  const e = episodeOf(draft);
  const day = typeof e.start === 'string' && e.start !== TODO ? e.start.slice(0, 10) : `?${draft.span.start}`;
  return [e.manager, e.exchange, e.side, parseCnyAmount(e.amount as string | number), day].join('|');
}

/**
 * One trade told twice (the exchange's statement, then its data: 宁波灵均卖出沪市股票合计 11.95 亿元)
 * is one draft citing both sentences; its window is the one written as a range, if either gives one.
 */
function mergeTrades(drafts: Draft[]): Draft[] {
  const byTrade = new Map<string, Draft>();
  const out: Draft[] = [];
  for (const draft of drafts) {
    if (draft.kind !== 'episode') {
      out.push(draft);
      continue;
    }
    const key = tradeKey(draft);
    const seen = byTrade.get(key);
    if (seen === undefined) {
      byTrade.set(key, draft);
      out.push(draft);
      continue;
    }
    const [base, other] = !seen.explicitWindow && draft.explicitWindow ? [draft, seen] : [seen, draft];
    const sources = [...(episodeOf(base).sources as Fields[]), ...(episodeOf(other).sources as Fields[])];
    episodeOf(base).sources = [...new Map(sources.map((s) => [s.quote as string, s])).values()];
    base.comments.push({ path: ['episodes', 0, 'sources'], text: 'the same trade, as two sentences give it: check they are one' });
    out[out.indexOf(seen)] = base;
    byTrade.set(key, base);
  }
  return out;
}

function uniqueIds(drafts: Draft[]): Draft[] {
  const seen = new Map<string, number>();
  return drafts.map((d) => {
    const n = (seen.get(d.id) ?? 0) + 1;
    seen.set(d.id, n);
    if (n === 1) return d;
    const id = `${d.id}-${n}`;
    const record = d.kind === 'event' ? d.filing : ((d.filing.episodes ?? d.filing.windows) as Fields[])[0];
    record.id = id;
    return { ...d, id };
  });
}

/** A document the filings do not know: every source's document id is TODO. */
function markDocumentTodo(draft: Draft): Draft {
  const visit = (value: unknown, path: (string | number)[]) => {
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...path, i]));
    else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k === 'document' && v === TODO) {
          draft.todo.push(path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') + '.document');
          draft.comments.push({ path: [...path, k], text: "the document's id: add its announcement filing under seed/filings/documents/" });
        } else visit(v, [...path, k]);
      }
    }
  };
  visit(draft.filing, []);
  return draft;
}
