import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { projectPath } from '../src/config/config';
import { readFilings } from '../seed/filing-reader';
import { runDraft } from '../seed/draft/draft-command';
import { Comparable, comparablesOf, matchDrafts, MatchReport, quoteLocator } from '../seed/draft/draft-match';
import { writeBenchResult } from './results-file';

/**
 * How much of the curated seed `npm run seed -- --draft` finds on its own: the draft command on the
 * source article, its drafts (as written, read back from YAML) against the curated events, trades and
 * index windows that quote the article. Recall is over the curated events with an authority, a measure
 * or a liquidation, the performance disclosures and the trades; precision over every draft. A draft
 * finds a curated record when it has its type, authority, measure, date and a quote overlapping one of
 * its quotes. Where the document gives no date, a draft proposes one the way the curators place such
 * dates (seed/draft/placed-dates.ts; notInQuote: [date]), and it counts only where it is the curated
 * date. The second pair of figures leaves aside the dates the curators placed (notInQuote: [date]),
 * which the document does not give, whether a draft leaves them TODO or proposes another day.
 *
 *   npm run bench:draft
 */

const DOCUMENT = projectPath('seed', 'documents', 'article-quant-funds-darkest-hour.zh.txt');

/** The curated records that quote the document (directly, or through a statement it quotes). */
function curatedRecords(seedDir: string, document: string): Comparable[] {
  const locate = quoteLocator(document);
  return readFilings(seedDir)
    .filings.flatMap((f) => comparablesOf(f.filing))
    .filter((c) => c.quotes.some((q) => locate(q).length > 0));
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

function tables(report: MatchReport): string[] {
  const curated = [
    '| curated record | type | in recall | found by | why not |',
    '| --- | --- | :---: | --- | --- |',
    ...report.outcomes.map((o) => {
      const why = o.matched.length > 0 ? '' : o.closest === null ? 'no draft' : `closest ${o.closest.id}: ${o.closest.why.join('; ')}`;
      return `| ${o.curated.id} | ${o.curated.type} | ${o.curated.inScope ? 'yes' : 'no'} | ${o.matched.join(', ') || '-'} | ${cell(why)} |`;
    }),
  ];
  const drafts = [
    '| draft | kind | stands for |',
    '| --- | --- | --- |',
    ...report.drafts.map((d) => `| ${d.id} | ${d.kind} | ${d.matched.join(', ') || (d.matchedLeavingPlacedDates ? '(only leaving its date aside)' : '-')} |`),
  ];
  const proposed = [
    '| draft | proposed date | curated record | curated date | right |',
    '| --- | --- | --- | --- | :---: |',
    ...report.proposedDates.map((p) => `| ${p.draft} | ${p.date ?? '-'} | ${p.curated ?? '-'} | ${p.curatedDate ?? '-'} | ${p.right ? 'yes' : 'no'} |`),
  ];
  const right = report.proposedDates.filter((p) => p.right).length;
  const figures = [
    `recall    ${report.recall.toFixed(3)}  (${Math.round(report.recall * report.inScope)} of ${report.inScope} curated records in scope)`,
    `precision ${report.precision.toFixed(3)}  (${Math.round(report.precision * report.drafts.length)} of ${report.drafts.length} drafts)`,
    `leaving aside the dates the curators placed: recall ${report.recallLeavingPlacedDates.toFixed(3)}, precision ${report.precisionLeavingPlacedDates.toFixed(3)}`,
    `proposed dates: ${right} of ${report.proposedDates.length} are the curated date`,
  ];
  return [...curated, '', ...drafts, '', ...proposed, '', ...figures];
}

function main(): void {
  const seedDir = projectPath('seed');
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'fundwatch-drafts-'));
  try {
    const result = runDraft({ document: DOCUMENT, seedDir, out });
    const document = fs.readFileSync(DOCUMENT, 'utf8');
    const drafts = result.written.flatMap((file) => comparablesOf(YAML.parse(fs.readFileSync(file, 'utf8'))));
    const report = matchDrafts(document, drafts, curatedRecords(seedDir, document));
    console.log(tables(report).join('\n'));
    writeBenchResult('draft-recall', {
      date: new Date().toISOString(),
      document: path.relative(projectPath(), DOCUMENT),
      documentYear: result.documentYear,
      documentYearSource: result.documentYearSource,
      recall: report.recall,
      precision: report.precision,
      recallLeavingPlacedDates: report.recallLeavingPlacedDates,
      precisionLeavingPlacedDates: report.precisionLeavingPlacedDates,
      inScope: report.inScope,
      todoFields: result.drafts.reduce((n, d) => n + d.todo.length, 0),
      proposedDates: report.proposedDates,
      curated: report.outcomes.map((o) => ({ id: o.curated.id, type: o.curated.type, inScope: o.curated.inScope, matched: o.matched, closest: o.closest })),
      drafts: report.drafts,
    });
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

main();
