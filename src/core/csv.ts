/**
 * CSV as RFC 4180 has it: fields separated by commas, records by CRLF (LF accepted on input), a field
 * quoted when it holds a comma, a quote or a line break, quotes doubled inside quotes. A text written
 * that begins as a formula would (=, +, -, @) gets a leading apostrophe.
 */

export interface CsvRecord {
  /** 1-based line number where the record starts. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

/** Parses CSV text into records; a leading UTF-8 BOM is ignored, blank lines are skipped. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < text.length) {
    const start = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let atFieldStart = true;
    for (; i < text.length; i += 1) {
      const c = text[i];
      if (quoted) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 1;
          } else quoted = false;
        } else {
          if (c === '\n') line += 1;
          field += c;
        }
        continue;
      }
      if (c === '"' && atFieldStart) {
        quoted = true;
        atFieldStart = false;
      } else if (c === '"') {
        throw new CsvSyntaxError(line, 'a quote inside an unquoted field');
      } else if (c === ',') {
        fields.push(field);
        field = '';
        atFieldStart = true;
      } else if (c === '\n' || c === '\r') {
        if (c === '\r' && text[i + 1] === '\n') i += 1;
        i += 1;
        line += 1;
        break;
      } else {
        field += c;
        atFieldStart = false;
      }
    }
    if (quoted) throw new CsvSyntaxError(start, 'a quoted field is not closed');
    fields.push(field);
    if (!(fields.length === 1 && fields[0].trim() === '')) records.push({ line: start, fields });
  }
  return records;
}

/** What a spreadsheet program reads as the start of a formula (OWASP's CSV injection list). */
const FORMULA_START = /^[=+\-@\t\r]/;
const NUMBER = /^[+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

function quoteField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : String(value);
  // A text that would run as a formula is written with a leading apostrophe, which the programs show as text; a number stays a number.
  if (typeof value !== 'number' && FORMULA_START.test(text) && !NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes records as CSV with a UTF-8 BOM (so spreadsheet programs read Chinese correctly) and CRLF line ends. */
export function toCsv(header: string[], rows: unknown[][]): string {
  return `\ufeff${[header, ...rows].map((row) => row.map(quoteField).join(',')).join('\r\n')}\r\n`;
}
