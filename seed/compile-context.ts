import { createHash } from 'node:crypto';
import { Citation } from '../src/announcements/announcement.entity';
import { AnnouncementFiling, CitationInput } from './filing-schema';
import { SeedLimits, SeedRoot, seedRoot } from './seed-files';
import { emptySeedRows, Located, SeedProblem, SeedRows } from './seed-types';

type IfEquals<X, Y, A, B> = (<V>() => V extends X ? 1 : 2) extends <V>() => V extends Y ? 1 : 2 ? A : B;
type WritableKeys<T> = { [P in keyof T]-?: IfEquals<{ [Q in P]: T[P] }, { -readonly [Q in P]: T[P] }, P, never> }[keyof T];
/** The stored columns of an entity: its derived getters (global id, durations, basis) left out. */
type Columns<T> = Pick<T, WritableKeys<T>>;

/** A row of `target` holding exactly `values`: every stored column named, none of the derived ones. */
export function create<T extends object>(target: new () => T, values: Columns<T>): T {
  return Object.assign(new target(), values);
}

function citationKey(subjectType: string, subjectKey: string, position: number): string {
  return createHash('sha256').update(`${subjectType}\u0000${subjectKey}\u0000${position}`).digest('hex').slice(0, 40);
}

/** Where documents are read from, what they are held to, and which could not be read (whose quotes go unchecked). */
export interface DocumentSource {
  root: SeedRoot;
  limits: SeedLimits;
  unread: Set<string>;
}

/** An id some filing refers to, checked once every filing has defined its own. */
export interface PendingRef {
  kind: string;
  id: string;
  file: string;
  at: string;
}

/** A citation's quote, checked against its document once every document is read. */
export interface PendingQuote {
  citation: CitationInput;
  file: string;
  at: string;
}

/**
 * What every filing compiler writes to: the rows and problems of the whole compile, the ids defined so
 * far, and what is checked only after the last filing (references, quotes, quoted statements).
 */
export interface CompileContext {
  /** Records `id` as defined by `file`; a second definition of the same kind is a problem. */
  define: (kind: string, id: string, file: string, at: string) => void;
  /** Records a reference to be resolved after the last filing; an absent id refers to nothing. */
  ref: (kind: string, id: string | undefined | null, file: string, at: string) => void;
  /** Adds a citation row per source, its document to resolve and its quote to find in it. */
  cite: (subjectType: string, subjectKey: string, sources: CitationInput[], file: string, at: string) => void;
  rows: SeedRows;
  problems: SeedProblem[];
  documents: DocumentSource;
  defined: Map<string, Map<string, string>>;
  pendingRefs: PendingRef[];
  pendingQuotes: PendingQuote[];
  /** Documents quoted in another (`quotedIn`): each passage must occur in the quoting document. */
  statements: Located<AnnouncementFiling>[];
}

export function createCompileContext(seedDir: string, limits: SeedLimits): CompileContext {
  const problems: SeedProblem[] = [];
  const rows = emptySeedRows();
  const defined = new Map<string, Map<string, string>>();
  const pendingRefs: PendingRef[] = [];
  const pendingQuotes: PendingQuote[] = [];
  const define = (kind: string, id: string, file: string, at: string) => {
    const ids = defined.get(kind) ?? new Map<string, string>();
    defined.set(kind, ids);
    const previous = ids.get(id);
    if (previous !== undefined) problems.push({ file, path: at, message: `duplicate ${kind} id "${id}" (first defined in ${previous})` });
    else ids.set(id, file);
  };
  const ref = (kind: string, id: string | undefined | null, file: string, at: string) => {
    if (id !== undefined && id !== null) pendingRefs.push({ kind, id, file, at });
  };
  const cite = (subjectType: string, subjectKey: string, sources: CitationInput[], file: string, at: string) => {
    sources.forEach((source, position) => {
      ref('document', source.document, file, `${at}[${position}].document`);
      pendingQuotes.push({ citation: source, file, at: `${at}[${position}].quote` });
      rows.citations.push(
        create(Citation, {
          key: citationKey(subjectType, subjectKey, position),
          subjectType,
          subjectKey,
          position,
          announcementKey: source.document,
          quote: source.quote.trim(),
          note: source.note ?? null,
        }),
      );
    });
  };
  const documents: DocumentSource = { root: seedRoot(seedDir), limits, unread: new Set() };
  return { define, ref, cite, rows, problems, documents, defined, pendingRefs, pendingQuotes, statements: [] };
}
