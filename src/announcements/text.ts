/**
 * Text handling for source documents: the one place that decides how extracted text is cleaned,
 * how quotes are matched and how a body splits into passages.
 */

const TERMINAL = /[。！？…”）)]$/;
const HEADING = /^(\d+\.\s|[一二三四五六七八九十]+、)/;

function displayWidth(line: string): number {
  let width = 0;
  for (const ch of line) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return width;
}

/**
 * Joins the lines of text extracted from a PDF into paragraphs. A line ends its paragraph when it is
 * visibly short (well under the page width) and ends with closing punctuation, or when it is a
 * heading; page breaks (runs of blank lines) inside a sentence are dropped. Lines are joined with
 * nothing between them: the source is Chinese, where a line break is not a space.
 */
export function joinExtractedLines(raw: string): string {
  const lines = raw
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const widths = lines.map(displayWidth).sort((a, b) => a - b);
  const pageWidth = widths[Math.floor(widths.length * 0.75)] ?? 0;
  const paragraphs: string[] = [];
  let current = '';
  lines.forEach((line, i) => {
    const next = lines[i + 1];
    current += line;
    const short = displayWidth(line) < pageWidth * 0.92;
    const endsParagraph = next === undefined || HEADING.test(line) || HEADING.test(next) || (short && (TERMINAL.test(line) || i < 2));
    if (endsParagraph) {
      paragraphs.push(current);
      current = '';
    }
  });
  return `${paragraphs.join('\n\n')}\n`;
}

/** The text with every line break and the whitespace around it removed: what cleaning must preserve. */
export function withoutLineBreaks(text: string): string {
  return text.replace(/[ \t]*\r?\n[ \t\r\n]*/g, '').trim();
}

/** Collapses runs of whitespace to one space, so a quote matches across the line breaks of its document. */
export function normalizeWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Whether `quote` occurs in `body`, whitespace aside. */
export function containsQuote(body: string, quote: string): boolean {
  return quoteOccursIn(normalizeWhitespace(body), quote);
}

/** containsQuote for a body already through normalizeWhitespace: many quotes checked against one document. */
export function quoteOccursIn(normalizedBody: string, quote: string): boolean {
  const needle = normalizeWhitespace(quote);
  return needle !== '' && normalizedBody.includes(needle);
}

/** The passages (paragraphs) of a body: blocks separated by blank lines. */
export function passagesOf(body: string): string[] {
  return body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}
