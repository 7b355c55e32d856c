import fs from 'node:fs';
import { renderAsync } from '@resvg/resvg-js';
import { CJK_FAMILY, escapeXml, FONT } from './svg';

/** The root element's font list (svgDocument writes it once). */
const FONT_ATTRIBUTE = `font-family="${escapeXml(FONT)}"`;

/**
 * The fonts the PNGs are drawn with, by file: Liberation Sans for Latin text (Arial's metrics, within
 * textWidth's estimate) and Droid Sans Fallback for CJK (Debian's fonts-liberation2 and
 * fonts-droid-fallback). resvg copies a font file for each run of text it shapes, so the file's size is
 * the cost: Droid Sans Fallback (3.9 MB) draws the largest seed timeline in about 0.3 s where
 * WenQuanYi Zen Hei (a 16.8 MB collection) takes 2.5 s. WenQuanYi is the CJK font only when Droid is
 * missing.
 */
const LATIN_FONTS = [
  {
    family: 'Liberation Sans',
    files: ['/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf', '/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf'],
  },
  {
    family: 'Liberation Sans',
    files: ['/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf', '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf'],
  },
];
const CJK_FONTS = [
  { family: 'Droid Sans Fallback', files: ['/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf'] },
  { family: CJK_FAMILY, files: ['/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', '/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc'] },
];

/** The first font of `choices` whose files are all present, with its family. */
function firstPresent(choices: { family: string; files: string[] }[]): { family: string; files: string[] } | null {
  for (const choice of choices) {
    const files = choice.files.filter((file) => fs.existsSync(file));
    if (files.length) return { family: choice.family, files };
  }
  return null;
}

/** The fonts a PNG is drawn with and the families the SVG's font list is rewritten to for it. */
interface PngFonts {
  files: string[];
  families: string;
  fallbackToSystem: boolean;
}

let pngFonts: PngFonts | null = null;
function fontsForPng(): PngFonts {
  if (pngFonts) return pngFonts;
  const latin = firstPresent(LATIN_FONTS);
  const cjk = firstPresent(CJK_FONTS);
  const chosen = [latin, cjk].filter((font): font is { family: string; files: string[] } => font !== null);
  pngFonts = {
    files: chosen.flatMap((font) => font.files),
    families: [...chosen.map((font) => `'${font.family}'`), 'sans-serif'].join(','),
    // Without both fonts, the system's fonts are searched too (slower, but the text is drawn).
    fallbackToSystem: chosen.length < 2,
  };
  return pngFonts;
}

export const PNG_SCALE = 2;

/** The most pixels a PNG may have (at PNG_SCALE): about 160 MB of RGBA while it is drawn. */
export const MAX_PNG_PIXELS = 40_000_000;

/** Renders one PNG at a time: each takes a thread of libuv's pool for up to seconds (see bench), and the pool also serves file and DNS work. */
const MAX_RENDERING = 1;
/** Requests waiting for the renderer beyond which a PNG is refused as busy (retry later), so that waiting work stays bounded. */
const MAX_WAITING = 8;

/** The renderer has MAX_WAITING requests waiting already. */
export class RendererBusyError extends Error {
  constructor() {
    super(`The PNG renderer is busy (${MAX_RENDERING} drawing, ${MAX_WAITING} waiting); retry shortly, or fetch the SVG`);
  }
}

/** A PNG bigger than MAX_PNG_PIXELS is not drawn. */
export class PngTooLargeError extends Error {
  constructor(width: number, height: number) {
    super(`The chart is ${width}×${height} px; at ${PNG_SCALE}× that is more than ${MAX_PNG_PIXELS} pixels, more than a PNG is drawn at: fetch the SVG`);
  }
}

/** Everyone who asked for a PNG still waiting in the queue hung up. */
export class RenderAbandonedError extends Error {
  constructor() {
    super('The PNG was no longer wanted: every client that asked for it hung up');
  }
}

let rendering = 0;
const waiting: (() => void)[] = [];

/** Waits for the renderer; leaves the queue (and rejects) when `signal` aborts first. */
async function turn(signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw new RenderAbandonedError();
  if (rendering < MAX_RENDERING) {
    rendering += 1;
    return;
  }
  if (waiting.length >= MAX_WAITING) throw new RendererBusyError();
  await new Promise<void>((resolve, reject) => {
    const go = () => {
      signal?.removeEventListener('abort', leave);
      resolve();
    };
    const leave = () => {
      const at = waiting.indexOf(go);
      if (at >= 0) waiting.splice(at, 1);
      reject(new RenderAbandonedError());
    };
    signal?.addEventListener('abort', leave, { once: true });
    waiting.push(go);
  });
}

function release(): void {
  const next = waiting.shift();
  if (next) next();
  else rendering -= 1;
}

/**
 * An SVG chart as PNG at PNG_SCALE, drawn by resvg off the event loop (on libuv's pool), one at a
 * time, in the fonts of fontsForPng; a render still waiting when `signal` aborts leaves the queue.
 */
export async function renderPng(svg: string, width: number, height: number, signal?: AbortSignal): Promise<Buffer> {
  if (width * height * PNG_SCALE * PNG_SCALE > MAX_PNG_PIXELS) throw new PngTooLargeError(width, height);
  await turn(signal);
  try {
    const fonts = fontsForPng();
    const [first] = fonts.families.split(',');
    const image = await renderAsync(svg.replace(FONT_ATTRIBUTE, `font-family="${escapeXml(fonts.families)}"`), {
      fitTo: { mode: 'zoom', value: PNG_SCALE },
      background: '#ffffff',
      font: { fontFiles: fonts.files, loadSystemFonts: fonts.fallbackToSystem, defaultFontFamily: first.replace(/'/g, ''), sansSerifFamily: CJK_FAMILY },
      logLevel: 'off',
    });
    return image.asPng();
  } finally {
    release();
  }
}
