import { CitedDocument, dayParts, RECORD_LABEL } from './cited-document';

/** A CSL-JSON item (citation-style-language schema, csl-data.json): only the variables a document gives. */
export type CslItem = Record<string, unknown>;

/** The note as Zotero reads it into a citation's notes: the quotes, one a line, then the record's permalink. */
function noteOf(item: CitedDocument): string {
  return [...item.quotes, `${RECORD_LABEL}: ${item.permalink}`].join('\n');
}

/**
 * One document as CSL-JSON, with the variables Zotero's CSL mapping uses: a case's court is `authority`
 * and its docket number `number`, a report's institution `publisher`. `archive` and `archive_location`
 * name the fundwatch record (Zotero's Archive and Loc. in Archive).
 */
export function toCslItem(item: CitedDocument): CslItem {
  const day = dayParts(item.issued);
  const csl: CslItem = { id: item.key, 'citation-key': item.key, type: item.kind, title: item.title, language: item.language };
  if (item.authority) csl.authority = item.authority;
  if (item.number) csl.number = item.number;
  if (item.publisher) csl.publisher = item.publisher;
  if (day) csl.issued = { 'date-parts': [day] };
  if (item.url) csl.URL = item.url;
  csl.archive = 'fundwatch';
  csl.archive_location = item.permalink;
  csl.note = noteOf(item);
  return csl;
}

/** Always an array, as csl-data.json has it, even for one document. UTF-8 as is: no \u escapes. */
export function renderCslJson(items: CitedDocument[]): string {
  return `${JSON.stringify(items.map(toCslItem), null, 2)}\n`;
}
