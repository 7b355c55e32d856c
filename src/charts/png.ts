import fs from 'node:fs';
import { renderAsync } from '@resvg/resvg-js';
import { CJK_FAMILY } from './svg';

/** Where Debian (fonts-wqy-zenhei) and Alpine (font-wqy-zenhei) put the CJK font the PNGs are drawn with. */
const CJK_FONT_FILES = ['/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', '/usr/share/fonts/wenquanyi/wqy-zenhei/wqy-zenhei.ttc'];

/** PNGs are drawn at twice the SVG's size, sharp on high-density screens and in print. */
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

let fontFiles: string[] | null = null;
const cjkFontFiles = () => (fontFiles ??= CJK_FONT_FILES.filter((file) => fs.existsSync(file)));

let rendering = 0;
const waiting: (() => void)[] = [];

async function turn(): Promise<void> {
  if (rendering < MAX_RENDERING) {
    rendering += 1;
    return;
  }
  if (waiting.length >= MAX_WAITING) throw new RendererBusyError();
  await new Promise<void>((resolve) => waiting.push(resolve));
}

function release(): void {
  const next = waiting.shift();
  if (next) next();
  else rendering -= 1;
}

/**
 * An SVG chart as PNG at PNG_SCALE, drawn by resvg off the event loop (on libuv's pool), one at a
 * time; CJK text in WenQuanYi Zen Hei (loaded from its file when present, besides the system fonts).
 */
export async function renderPng(svg: string, width: number, height: number): Promise<Buffer> {
  if (width * height * PNG_SCALE * PNG_SCALE > MAX_PNG_PIXELS) throw new PngTooLargeError(width, height);
  await turn();
  try {
    const image = await renderAsync(svg, {
      fitTo: { mode: 'zoom', value: PNG_SCALE },
      background: '#ffffff',
      font: { fontFiles: cjkFontFiles(), loadSystemFonts: true, defaultFontFamily: CJK_FAMILY, sansSerifFamily: CJK_FAMILY },
      logLevel: 'off',
    });
    return image.asPng();
  } finally {
    release();
  }
}
