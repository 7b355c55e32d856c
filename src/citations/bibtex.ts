import { CitedDocument, dayParts, oneLine, RECORD_LABEL } from './cited-document';

export type TexDialect = 'bibtex' | 'biblatex';

const SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\textbraceleft{}',
  '}': '\\textbraceright{}',
  '%': '\\%',
  '&': '\\&',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/**
 * Text for a braced field: TeX's specials as commands, braces as \textbraceleft{} and \textbraceright{}
 * so that the field's own braces always balance, whitespace on one line. CJK and every other character
 * stay as they are (UTF-8, for biber or a Unicode-aware BibTeX): no accent macros.
 */
export function texEscape(text: string): string {
  return oneLine(text).replace(/[\\{}%&$#_~^]/g, (c) => SPECIALS[c]);
}

/** A URL keeps its characters (url fields are verbatim) but never a brace or whitespace. */
const texUrl = (url: string) => url.replace(/[{}\s]/g, (c) => encodeURIComponent(c));

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const LANGID: Record<string, string> = { zh: 'chinese', en: 'english' };

type Field = [string, string | null | undefined];

/** Zotero's BibTeX export: the article @article, a report @techreport, everything else (a case too) @misc. */
function bibtexEntry(item: CitedDocument): { type: string; fields: Field[] } {
  const day = dayParts(item.issued);
  const dated: Field[] = day
    ? [
        ['year', String(day[0])],
        ['month', MONTHS[day[1] - 1]],
      ]
    : [];
  const type = { 'article-newspaper': 'article', report: 'techreport', legal_case: 'misc', document: 'misc' }[item.kind];
  const issuer: Field[] =
    item.kind === 'legal_case'
      ? [
          ['organization', item.authority],
          ['number', item.number],
          ['howpublished', [item.authority, item.number].filter(Boolean).join(', ')],
        ]
      : [
          [item.kind === 'report' ? 'institution' : 'publisher', item.publisher],
          ['number', item.number],
        ];
  return { type, fields: [['title', item.title], ...issuer, ...dated, ['language', item.language]] };
}

/** Zotero's and Better BibLaTeX's mapping: @jurisdiction with institution and number, the newspaper article's entrysubtype. */
function biblatexEntry(item: CitedDocument): { type: string; fields: Field[] } {
  const type = { 'article-newspaper': 'article', report: 'report', legal_case: 'jurisdiction', document: 'misc' }[item.kind];
  const issuer: Field[] =
    item.kind === 'legal_case' || item.kind === 'report'
      ? [['institution', item.kind === 'legal_case' ? item.authority : item.publisher]]
      : [[item.kind === 'document' ? 'organization' : 'publisher', item.publisher]];
  return {
    type,
    fields: [
      ['title', item.title],
      ...(item.kind === 'article-newspaper' ? ([['entrysubtype', 'newspaper']] as Field[]) : []),
      ...issuer,
      ['number', item.number],
      ['date', item.issued],
      ['langid', LANGID[item.language] ?? item.language],
    ],
  };
}

function entry(item: CitedDocument, dialect: TexDialect): string {
  const { type, fields } = dialect === 'biblatex' ? biblatexEntry(item) : bibtexEntry(item);
  const note = [...item.quotes, `${RECORD_LABEL}: ${item.permalink}`].map(oneLine).join(' | ');
  const lines = fields
    .filter((field): field is [string, string] => Boolean(field[1]))
    .map(([name, value]) => (name === 'month' ? `  ${name} = ${value}` : `  ${name} = {${texEscape(value)}}`));
  if (item.url) lines.push(`  url = {${texUrl(item.url)}}`);
  lines.push(`  note = {${texEscape(note)}}`);
  return `@${type}{${item.key},\n${lines.join(',\n')}\n}`;
}

/** Entries separated by a blank line. */
export function renderTex(items: CitedDocument[], dialect: TexDialect): string {
  return `${items.map((item) => entry(item, dialect)).join('\n\n')}\n`;
}
