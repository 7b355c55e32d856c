import { DraftDate } from './dates';
import { Span } from './sentences';

/**
 * A draft filing: the filing as a curator would accept it, each field with the words it was read from,
 * and TODO where the document does not say. The draft command writes it as YAML (draft-yaml.ts).
 */

/** The value of a field the document does not give: the curator fills it (or deletes the field). */
export const TODO = 'TODO';

export type FieldPath = (string | number)[];

/** Where a field's value was read: the words as the document writes them and the clause they stand in. */
export interface Reading {
  field: string;
  read: string;
  quote: string;
  note?: string;
}

export type DraftKind = 'event' | 'episode' | 'window';

export interface Draft {
  kind: DraftKind;
  id: string;
  /** The filing to be written, `draft:` block aside. */
  filing: Record<string, unknown>;
  readings: Reading[];
  /** Fields holding TODO, as paths into the filing. */
  todo: string[];
  /** Comments to write beside a field: why it is TODO, what a curator should check. */
  comments: { path: FieldPath; text: string }[];
  /** The stretch of the document its sources quote (the first, when it cites several). */
  span: Span;
  /** The days the draft read from the document (a date, an as-of, a start, a trade's day): the latest is the document's latest dated fact. */
  days: DraftDate[];
  /** A trade's window is written as a range (9:30:00 至 9:30:42), not read off the times a sentence gives. */
  explicitWindow?: boolean;
}

/** A field's name as a path is written: figures[0].valuePercent. */
export function pathName(path: FieldPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/**
 * Builds one record of a draft (an event, a figure, an episode): its fields in the order they are set,
 * with the readings and TODOs of each, under `prefix` in the filing.
 */
export class RecordBuilder {
  readonly fields: Record<string, unknown> = {};
  readonly readings: Reading[] = [];
  readonly todo: string[] = [];
  readonly comments: { path: FieldPath; text: string }[] = [];
  readonly days: DraftDate[] = [];

  constructor(private readonly prefix: FieldPath = []) {}

  /** A field read from the document: `read` is the text it was read from, `quote` the clause around it. */
  read(field: string, value: unknown, read: string, quote: string, note?: string): this {
    this.fields[field] = value;
    this.readings.push({ field: pathName([...this.prefix, field]), read, quote, ...(note === undefined ? {} : { note }) });
    return this;
  }

  /** A reading of one item of a list field (managers[1]) or of a field set otherwise. */
  cite(field: string, read: string, quote: string, note?: string): this {
    this.readings.push({ field: pathName([...this.prefix, field]), read, quote, ...(note === undefined ? {} : { note }) });
    return this;
  }

  /** A field that follows from others (a measure's category), or a fixed part of the filing. */
  set(field: string, value: unknown): this {
    this.fields[field] = value;
    return this;
  }

  /** A day read from the document for one of the record's fields (a DAY date, not a month or a year). */
  day(date: DraftDate): this {
    if (date.precision === 'DAY') this.days.push(date);
    return this;
  }

  /** A field the document does not give: TODO, with the reason as a comment. */
  missing(field: string, why: string, value: unknown = TODO): this {
    this.fields[field] = value;
    this.todo.push(pathName([...this.prefix, field]));
    this.comments.push({ path: [...this.prefix, field], text: why });
    return this;
  }

  /** A comment beside a field that is filled: what the curator should check. */
  remark(field: string, text: string): this {
    this.comments.push({ path: [...this.prefix, field], text });
    return this;
  }

  /** Takes in the readings, TODOs and comments of a record nested under this one. */
  adopt(child: RecordBuilder): Record<string, unknown> {
    this.readings.push(...child.readings);
    this.todo.push(...child.todo);
    this.comments.push(...child.comments);
    this.days.push(...child.days);
    return child.fields;
  }
}

/** An id from its parts: lower case, hyphens, no empty part. */
export function slugOf(...parts: (string | undefined | null)[]): string {
  return parts
    .filter((p): p is string => typeof p === 'string' && p !== '')
    .map((p) =>
      p
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, ''),
    )
    .filter((p) => p !== '')
    .join('-');
}
