import fs from 'node:fs';
import path from 'node:path';
import { codePointOf, findForbiddenCharacter } from '../src/core/characters';

/**
 * What curated input may be: where its files may lie, how large they and their passages may be,
 * which characters their text may hold. A filing is written by a person, but it is still input: it
 * must not reach a file outside the seed, hang the loader or carry text the API would refuse.
 */

/** How large curated input may be, in bytes. */
export interface SeedLimits {
  /** A document: a file in documents/ (bodyFile, rawFile) or a body given inline. */
  documentBytes: number;
  /** One passage of a body (a block between blank lines, as passagesOf splits it), in UTF-8. */
  passageBytes: number;
  /** A filing's YAML file; it may hold a body inline, so it has room for a document and its indentation. */
  filingBytes: number;
  /** Alias expansions in one YAML filing (the `yaml` package's maxAliasCount): beyond it, an alias bomb. */
  yamlAliases: number;
}

export const DEFAULT_SEED_LIMITS: Readonly<SeedLimits> = Object.freeze({
  documentBytes: 2 * 1024 * 1024,
  // The largest curated passage is 717 bytes (239 characters); a search hit returns its passage whole.
  passageBytes: 16 * 1024,
  filingBytes: 4 * 1024 * 1024,
  yamlAliases: 100,
});

/** The seed directory, as given and after its symbolic links are resolved. */
export interface SeedRoot {
  dir: string;
  real: string;
}

export function seedRoot(seedDir: string): SeedRoot {
  const dir = path.resolve(seedDir);
  try {
    return { dir, real: fs.realpathSync(dir) };
  } catch {
    return { dir, real: dir };
  }
}

/** Whether `target` is `dir` or lies under it (`..name` is a name, not a step up). */
function isInside(dir: string, target: string): boolean {
  const relative = path.relative(dir, target);
  return relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative);
}

/**
 * Beyond the API's rule (src/core/characters.ts), curated text holds no carriage return (document
 * files have CRLF turned into LF first; YAML turns its own line breaks into LF).
 */
const SEED_ONLY_FORBIDDEN = /\r/;

/** The first character of `text` that curated text may not hold, or null. */
export function forbiddenCharacterIn(text: string): { codePoint: string; offset: number } | null {
  const shared = findForbiddenCharacter(text);
  const extra = SEED_ONLY_FORBIDDEN.exec(text);
  if (extra && (shared === null || extra.index < shared.offset)) {
    return { codePoint: codePointOf(extra[0]), offset: extra.index };
  }
  return shared;
}

function kindOf(codePoint: string): string {
  const value = parseInt(codePoint.slice(2), 16);
  if (value >= 0xd800 && value <= 0xdfff) return 'a lone surrogate';
  if ((value >= 0x202a && value <= 0x202e) || (value >= 0x2066 && value <= 0x2069)) return 'a bidirectional override or isolate';
  return 'a control character';
}

/** "U+001B (a control character)". */
export function describeCharacter(codePoint: string): string {
  return `${codePoint} (${kindOf(codePoint)})`;
}

/** Where a forbidden character of a file's text is, as line and column (both from 1). */
export function forbiddenCharacterMessage(text: string): string | null {
  const bad = forbiddenCharacterIn(text);
  if (bad === null) return null;
  const before = text.slice(0, bad.offset);
  const line = before.split('\n').length;
  const column = bad.offset - before.lastIndexOf('\n');
  return `holds ${describeCharacter(bad.codePoint)} at line ${line}, column ${column}`;
}

/** `text` with every character curated text may not hold written as \u{XXXX}: safe to print on a terminal. */
export function printable(text: string): string {
  let out = '';
  let rest = text;
  for (let bad = forbiddenCharacterIn(rest); bad !== null; bad = forbiddenCharacterIn(rest)) {
    out += `${rest.slice(0, bad.offset)}\\u{${bad.codePoint.slice(2)}}`;
    rest = rest.slice(bad.offset + 1);
  }
  return out + rest;
}

export type SeedFileRead = { ok: true; text: string } | { ok: false; reason: string };

function fileKind(stats: fs.Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'a special file';
}

/** At most `limit` + 1 bytes of an open file: one more than the limit tells that it is over. */
function readAtMost(fd: number, limit: number, sizeHint: number): Buffer {
  const chunk = Buffer.allocUnsafe(Math.min(limit + 1, Math.max(sizeHint + 1, 4096)));
  const parts: Buffer[] = [];
  let total = 0;
  while (total <= limit) {
    const read = fs.readSync(fd, chunk, 0, Math.min(chunk.length, limit + 1 - total), null);
    if (read === 0) break;
    parts.push(Buffer.from(chunk.subarray(0, read)));
    total += read;
  }
  return Buffer.concat(parts, total);
}

const NO_FOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const NON_BLOCKING = fs.constants.O_NONBLOCK ?? 0;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The bytes of a regular file, checked from its stat before it is opened and again on the open descriptor. */
function readRegularFile(real: string, shown: string, limit: number, what: string): { ok: true; bytes: Buffer } | { ok: false; reason: string } {
  const tooLarge = (size: number) => ({ ok: false as const, reason: `${shown} is ${size} bytes, over the ${what} limit of ${limit} bytes` });
  // stat, not open: opening a named pipe would wait for a writer.
  const stats = fs.statSync(real);
  if (!stats.isFile()) return { ok: false, reason: `${shown} is ${fileKind(stats)}, not a regular file` };
  if (stats.size > limit) return tooLarge(stats.size);
  // O_NOFOLLOW and the descriptor's own stat: the file read is the one checked, even if it was swapped since.
  const fd = fs.openSync(real, fs.constants.O_RDONLY | NO_FOLLOW | NON_BLOCKING);
  try {
    const opened = fs.fstatSync(fd);
    if (!opened.isFile() || opened.ino !== stats.ino || opened.dev !== stats.dev) return { ok: false, reason: `${shown} changed while it was being read` };
    const bytes = readAtMost(fd, limit, opened.size);
    return bytes.length > limit ? tooLarge(bytes.length) : { ok: true, bytes };
  } finally {
    fs.closeSync(fd);
  }
}

function fsFailure(error: unknown, shown: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return `no file ${shown}`;
  if (code === 'ELOOP') return `${shown} is a loop of symbolic links`;
  // The code only: a system message may quote the path, never the content, but the code says enough.
  return `${shown} cannot be read (${code ?? (error as Error).name})`;
}

/**
 * Reads `relative` (a path from the seed directory) as curated text, or says why not, never quoting
 * the file: it must lie inside the seed directory once symbolic links are resolved, be a regular
 * file within `limit` bytes, be UTF-8 and hold only characters curated text may hold. CRLF line
 * ends become LF. Reasons name the file as `shown`, by default its path from the seed directory.
 */
export function readSeedFile(root: SeedRoot, relative: string, limit: number, what: string, shown = relative.split(path.sep).join('/')): SeedFileRead {
  const target = path.resolve(root.real, relative);
  // Decided from the path alone first: nothing outside the seed is even looked at.
  if (!isInside(root.real, target)) return { ok: false, reason: `${shown} leads outside the seed directory` };
  let bytes: Buffer;
  try {
    const real = fs.realpathSync(target);
    if (!isInside(root.real, real)) return { ok: false, reason: `${shown} leads outside the seed directory through a symbolic link` };
    const read = readRegularFile(real, shown, limit, what);
    if (!read.ok) return read;
    bytes = read.bytes;
  } catch (error) {
    return { ok: false, reason: fsFailure(error, shown) };
  }
  let text: string;
  try {
    text = utf8.decode(bytes).replace(/\r\n/g, '\n');
  } catch {
    return { ok: false, reason: `${shown} is not valid UTF-8` };
  }
  const bad = forbiddenCharacterMessage(text);
  return bad === null ? { ok: true, text } : { ok: false, reason: `${shown} ${bad}` };
}

/** A document named by a filing's bodyFile or rawFile: a path inside documents/. */
export function readDocumentFile(root: SeedRoot, name: string, limits: SeedLimits): SeedFileRead {
  if (path.isAbsolute(name) || path.win32.isAbsolute(name)) return { ok: false, reason: `${name} is an absolute path: name a file inside documents/` };
  return readSeedFile(root, path.join('documents', name), limits.documentBytes, 'document', `documents/${name}`);
}

/** The UTF-8 size of `text`, in bytes. */
export function byteSize(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
