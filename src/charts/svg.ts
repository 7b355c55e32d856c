/** Small helpers for server-rendered SVG: no browser, no CDN, fonts named so that CJK text renders. */

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
export const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);

/** The family the PNG renderer draws with (Debian's fonts-wqy-zenhei), first, so that a browser on the same machine draws the same glyphs. */
export const CJK_FAMILY = 'WenQuanYi Zen Hei';
export const FONT = `'${CJK_FAMILY}','Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif`;

const CJK = /[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2018-\u201f\u2026\u2014\u2e3a\u3000-\u303f]/u;
const NARROW = new Set([...'fijlrtI.,:;\'!|()[]{}`"']);
const WIDE = new Set([...'mwMW%@≈→']);

/**
 * Width of a text in pixels, estimated on the wide side for the fonts that draw it (WenQuanYi Zen Hei,
 * or a browser's Latin fallback such as DejaVu Sans): CJK characters and CJK punctuation one em,
 * Latin letters by class. The browser spec checks it against Chromium's measured boxes.
 */
export function textWidth(text: string, size: number, weight: 'normal' | 'bold' = 'normal'): number {
  let ems = 0;
  for (const ch of text) {
    if (CJK.test(ch)) ems += 1;
    else if (ch === ' ') ems += 0.36;
    else if (NARROW.has(ch)) ems += 0.42;
    else if (WIDE.has(ch)) ems += 1;
    else if (/[A-Z]/.test(ch)) ems += 0.72;
    else if (/[0-9]/.test(ch)) ems += 0.66;
    else ems += 0.6;
  }
  return ems * size * (weight === 'bold' ? 1.1 : 1);
}

// Characters a line may not begin with (closing punctuation), and may not end with (opening), as in
// Chinese typesetting; a Latin word is never split unless it alone is wider than the line.
const NO_LINE_START = new Set([...'，。、；：！？）》」』”’%,.;:!?)]…']);
const NO_LINE_END = new Set([...'（《「『“‘([']);

function tokens(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(/[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef“”‘’]+\s*|\s+|./gu)) {
    const token = match[0];
    const previous = out[out.length - 1];
    if (previous !== undefined && (NO_LINE_START.has([...token][0]) || NO_LINE_END.has([...previous].slice(-1)[0]))) out[out.length - 1] = previous + token;
    else out.push(token);
  }
  return out;
}

/** Breaks a token wider than a line into pieces that fit. */
function splitToken(token: string, size: number, maxWidth: number, weight: 'normal' | 'bold'): string[] {
  const pieces: string[] = [''];
  for (const ch of token) {
    const last = pieces.length - 1;
    if (pieces[last] && textWidth(pieces[last] + ch, size, weight) > maxWidth) pieces.push(ch);
    else pieces[last] += ch;
  }
  return pieces;
}

/**
 * Wraps a text onto lines no wider than `maxWidth` (by textWidth): between CJK characters, at spaces
 * between Latin words, never before closing punctuation. Nothing is cut.
 */
export function wrapText(text: string, size: number, maxWidth: number, weight: 'normal' | 'bold' = 'normal'): string[] {
  const lines: string[] = [];
  let line = '';
  for (const token of tokens(text.trim())) {
    if (textWidth((line + token).trimEnd(), size, weight) <= maxWidth) {
      line += token;
      continue;
    }
    if (line.trim()) lines.push(line.trimEnd());
    line = '';
    const pieces = textWidth(token.trimEnd(), size, weight) > maxWidth ? splitToken(token.trimEnd(), size, maxWidth, weight) : [token];
    lines.push(...pieces.slice(0, -1));
    line = pieces[pieces.length - 1].trimStart();
  }
  if (line.trim()) lines.push(line.trimEnd());
  return withoutOrphan(lines, size, maxWidth, weight);
}

/** A last line of one CJK character takes the last character of the line before it along, as Chinese typesetting does. */
function withoutOrphan(lines: string[], size: number, maxWidth: number, weight: 'normal' | 'bold'): string[] {
  if (lines.length < 2) return lines.length ? lines : [''];
  const last = [...lines[lines.length - 1]];
  const before = [...lines[lines.length - 2]];
  if (last.length !== 1 || !CJK.test(last[0]) || before.length < 4 || !CJK.test(before[before.length - 1])) return lines;
  const moved = before.pop()! + last[0];
  if (textWidth(moved, size, weight) > maxWidth || NO_LINE_START.has(moved[0])) return lines;
  return [...lines.slice(0, -2), before.join(''), moved];
}

export function text(x: number, y: number, content: string, attrs: Record<string, string | number> = {}): string {
  const rest = Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}"${rest}>${escapeXml(content)}</text>`;
}

/** A block of wrapped lines: its lines, its width and height, drawn from a top-left corner. */
export interface TextBlock {
  lines: { content: string; size: number; attrs: Record<string, string | number> }[];
  width: number;
  height: number;
}

/** How far apart lines of one block are, in ems: room for the CJK font's ascent and descent. */
export const LINE_HEIGHT = 1.45;

/** Wraps each part of a block onto lines of at most `maxWidth`, one size and style per part. */
export function textBlock(parts: { content: string; size: number; attrs?: Record<string, string | number> }[], maxWidth: number): TextBlock {
  const lines = parts.flatMap((part) => {
    const weight = part.attrs?.['font-weight'] === 'bold' ? 'bold' : 'normal';
    return part.content ? wrapText(part.content, part.size, maxWidth, weight).map((content) => ({ content, size: part.size, attrs: part.attrs ?? {} })) : [];
  });
  const widthOf = (line: TextBlock['lines'][number]) => textWidth(line.content, line.size, line.attrs['font-weight'] === 'bold' ? 'bold' : 'normal');
  return {
    lines,
    width: Math.max(0, ...lines.map(widthOf)),
    height: lines.reduce((sum, line) => sum + line.size * LINE_HEIGHT, 0),
  };
}

/** The block's <text> elements with its top-left corner at (x, y), each line on its baseline. */
export function drawBlock(block: TextBlock, x: number, y: number, attrs: Record<string, string | number> = {}): string[] {
  let top = y;
  return block.lines.map((line) => {
    const baseline = top + line.size * (LINE_HEIGHT / 2 + 0.38);
    top += line.size * LINE_HEIGHT;
    return text(x, baseline, line.content, { 'font-size': line.size, ...line.attrs, ...attrs });
  });
}

export function svgDocument(width: number, height: number, title: string, description: string, body: string[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${Math.ceil(height)}" viewBox="0 0 ${width} ${Math.ceil(height)}" font-family="${escapeXml(FONT)}" role="img">`,
    `<title>${escapeXml(title)}</title>`,
    `<desc>${escapeXml(description)}</desc>`,
    `<rect width="${width}" height="${Math.ceil(height)}" fill="#ffffff"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

/** A linear scale from a domain to a pixel range. */
export function scale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0 || 1;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}
