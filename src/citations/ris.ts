import { CitedDocument, dayParts, oneLine, RECORD_LABEL } from './cited-document';

const RIS_TYPE: Record<CitedDocument['kind'], string> = {
  legal_case: 'CASE',
  'article-newspaper': 'NEWS',
  report: 'RPRT',
  document: 'GEN',
};

/**
 * One tag line. Every value is on one line (a quote's line breaks become spaces), so that no text of a
 * document can start a line of its own: "ER  -" inside a quote stays inside its N1.
 */
function tag(name: string, value: string | null | undefined): string[] {
  const text = value ? oneLine(value) : '';
  return text ? [`${name}  - ${text}`] : [];
}

/**
 * One RIS record with the tags Zotero's RIS translator reads: a case's court in PB and its docket
 * number in SV (M1 too, the RIS "number" other readers take), a report's institution in PB, the quotes
 * and the record's permalink in one N1 (one Zotero note), DB the archive.
 */
function record(item: CitedDocument): string[] {
  const day = dayParts(item.issued);
  const note = [...item.quotes, `${RECORD_LABEL}: ${item.permalink}`].map(oneLine).join(' | ');
  return [
    `TY  - ${RIS_TYPE[item.kind]}`,
    ...tag('ID', item.key),
    ...tag('TI', item.title),
    ...tag('PB', item.kind === 'legal_case' ? item.authority : item.publisher),
    ...tag('SV', item.kind === 'legal_case' ? item.number : null),
    ...tag('M1', item.number),
    ...(day ? [`PY  - ${day[0]}`, `DA  - ${item.issued!.replace(/-/g, '/')}/`] : []),
    ...tag('LA', item.language),
    ...tag('UR', item.url),
    ...tag('DB', 'fundwatch'),
    ...tag('N1', note),
    'ER  - ',
  ];
}

/** Records separated by a blank line, CRLF-free UTF-8. */
export function renderRis(items: CitedDocument[]): string {
  return `${items.map((item) => record(item).join('\n')).join('\n\n')}\n`;
}
