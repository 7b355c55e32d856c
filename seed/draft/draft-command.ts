import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_SEED_LIMITS, readSeedFile, seedRoot } from '../seed-files';
import { latestYearNamed } from './dates';
import { DocumentFacts, draftDocument } from './draft-document';
import { Draft, slugOf, TODO } from './draft-model';
import { draftYaml } from './draft-yaml';
import { realOrResolved, Vocabulary, vocabularyOf } from './vocabulary';

/**
 * `npm run seed -- --draft DOCUMENT [--out DIR] [--year YYYY] [--force]`: reads a source document and
 * writes draft filings for a curator to review, one YAML file per event or market record. Drafts go to
 * <seed>/drafts/<document>/ by default, outside <seed>/filings/, so that the loader never reads them;
 * existing files are left alone unless --force is given, and a refused run writes nothing.
 */

/** A draft command that cannot run as asked: the message says why; nothing has been written. */
export class DraftError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DraftError';
  }
}

export interface DraftCommand {
  document: string;
  seedDir: string;
  out?: string;
  year?: number;
  force?: boolean;
  /** The largest document read, in bytes: the seed's document limit (2 MiB unless SEED_MAX_DOCUMENT_BYTES says otherwise). */
  documentBytes?: number;
}

export interface DraftResult {
  dir: string;
  written: string[];
  drafts: Draft[];
  documentYear: number | null;
  documentYearSource: string;
  warnings: string[];
}

/** --year: a 4-digit year. */
export function parseYear(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}$/.test(value) || Number(value) < 1990 || Number(value) > 2100) throw new DraftError(`--year must be a year such as 2024, not "${value}"`);
  return Number(value);
}

/** How a file is named in messages and drafts: from the working directory when it lies under it. */
function shown(file: string): string {
  const relative = path.relative(process.cwd(), path.resolve(file));
  return relative.startsWith('..') || path.isAbsolute(relative) ? path.resolve(file) : relative.split(path.sep).join('/');
}

/**
 * The text of the document, read as the seed reads a document (seed/seed-files.ts): a regular file of
 * at most `limit` bytes (2 MiB), strict UTF-8, holding no control character. A PDF is not read: its
 * cleaned text is (`npm run seed -- --clean-text RAW`).
 */
export function readDraftDocument(file: string, limit: number = DEFAULT_SEED_LIMITS.documentBytes): string {
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DraftError(code === 'ENOENT' || code === 'ENOTDIR' ? `no file ${file}` : `${file} cannot be read (${code ?? (error as Error).name})`);
  }
  const read = readSeedFile(seedRoot(path.dirname(real)), path.basename(real), limit, 'document', file);
  if (!read.ok) {
    const binary = /not valid UTF-8|control character/.test(read.reason);
    throw new DraftError(`${read.reason}${binary ? ': --draft reads plain text, such as the cleaned text of a PDF (npm run seed -- --clean-text RAW)' : ''}`);
  }
  if (read.text.trim() === '') throw new DraftError(`${file} holds no text`);
  return read.text;
}

/** The curated document filing whose bodyFile or rawFile is this file, if any. */
function curatedDocument(vocabulary: Vocabulary, file: string): Vocabulary['documents'][number] | undefined {
  const real = realOrResolved(file);
  return vocabulary.documents.find((d) => d.files.includes(real));
}

function documentFacts(text: string, curated: Vocabulary['documents'][number] | undefined, year: number | undefined): DocumentFacts {
  const documentId = curated?.id ?? TODO;
  if (year !== undefined) return { documentId, documentYear: year, documentYearSource: `--year ${year}` };
  if (curated?.year != null) return { documentId, documentYear: curated.year, documentYearSource: `the year its filing ${curated.id} gives` };
  const named = latestYearNamed(text);
  if (named !== null) return { documentId, documentYear: named, documentYearSource: 'the latest year the document names' };
  return { documentId, documentYear: null, documentYearSource: 'none: the document names no year; give --year' };
}

function isInside(dir: string, target: string): boolean {
  const relative = path.relative(dir, target);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}

/** The directory the drafts go to; never one the loader reads. */
function outputDir(command: DraftCommand, slug: string): string {
  const dir = path.resolve(command.out ?? path.join(command.seedDir, 'drafts', slug));
  const filings = realOrResolved(path.join(command.seedDir, 'filings'));
  let existing = dir;
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  const real = path.join(realOrResolved(existing), path.relative(existing, dir));
  if (isInside(filings, real)) throw new DraftError(`${shown(dir)} is under ${shown(filings)}, where the loader would read the drafts: choose another --out`);
  if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) throw new DraftError(`${shown(dir)} is not a directory`);
  return dir;
}

/** Refuses, before anything is written, files that exist (unless --force) and links (always). */
function refuseExisting(files: string[], force: boolean): void {
  const existing = files.filter((f) => fs.existsSync(f) || isLink(f));
  const links = existing.filter(isLink);
  if (links.length > 0) throw new DraftError(`${shown(links[0])} is a symbolic link: a draft is not written through one; nothing written`);
  if (existing.length > 0 && !force) {
    const more = existing.length > 1 ? ` and ${existing.length - 1} more` : '';
    throw new DraftError(`${shown(existing[0])}${more} already exist${existing.length > 1 ? '' : 's'}: nothing written; --force overwrites drafts`);
  }
}

function isLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** How many lines end inside a sentence, when most do (text as extracted from a PDF); else null. */
function linesEndingMidSentence(text: string): string | null {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const open = lines.filter((l) => !/[。！？…”）):：]\s*$/.test(l) && l.trim().length > 20).length;
  return lines.length >= 10 && open > lines.length / 3 ? `${open} of ${lines.length}` : null;
}

/** Runs the draft command: reads, drafts, writes. Throws a DraftError, having written nothing, when it cannot. */
export function runDraft(command: DraftCommand): DraftResult {
  const text = readDraftDocument(command.document, command.documentBytes);
  const vocabulary = vocabularyOf(command.seedDir);
  if (!vocabulary.names.some((n) => n.kind === 'authority')) {
    throw new DraftError(`${shown(path.join(command.seedDir, 'filings'))} holds no authorities: the draft reads the authorities' names from the filings`);
  }
  const curated = curatedDocument(vocabulary, command.document);
  const facts = documentFacts(text, curated, command.year);
  const warnings = vocabulary.problems.map((p) => `${p.file}${p.path ? ` (${p.path})` : ''}: ${p.message}; the draft goes on without it`);
  if (command.year !== undefined && curated?.year != null && curated.year !== command.year) {
    warnings.push(
      `--year ${command.year} differs from the year the filing ${curated.id} gives (${curated.year}): the loader's check will read ${curated.year}`,
    );
  }
  const broken = linesEndingMidSentence(text);
  if (broken !== null)
    warnings.push(
      `${broken} lines of ${shown(command.document)} end mid-sentence: text extracted from a PDF is read line by line; clean it first (--clean-text)`,
    );
  const drafts = draftDocument(text, vocabulary, facts);
  const dir = outputDir(command, curated?.id ?? (slugOf(path.basename(command.document).split('.')[0]) || 'document'));
  const files = drafts.map((d) => ({ file: path.join(dir, `${d.id}.yaml`), yaml: draftYaml(d, shown(command.document)) }));
  refuseExisting(
    files.map((f) => f.file),
    command.force === true,
  );
  fs.mkdirSync(dir, { recursive: true });
  for (const f of files) fs.writeFileSync(f.file, f.yaml, { flag: command.force ? 'w' : 'wx' });
  return { dir, written: files.map((f) => f.file), drafts, documentYear: facts.documentYear, documentYearSource: facts.documentYearSource, warnings };
}

/** What the command prints. */
export function draftSummary(result: DraftResult): string {
  const todo = result.drafts.reduce((n, d) => n + d.todo.length, 0);
  const kinds = ['event', 'episode', 'window'].map((k) => `${result.drafts.filter((d) => d.kind === k).length} ${k}s`).join(', ');
  const proposed = result.drafts.filter((d) => Array.isArray(d.filing.notInQuote) && d.filing.notInQuote.includes('date')).length;
  const proposals = proposed === 0 ? '' : `, ${proposed} dates proposed (confirm each, and cite a curator's note)`;
  return [
    `${shown(result.dir)}: ${result.written.length} drafts (${kinds}), ${todo} fields TODO${proposals}; undated days in ${result.documentYear ?? '????'} (${result.documentYearSource})`,
    ...result.written.map((f) => `  ${path.basename(f)}`),
  ].join('\n');
}
