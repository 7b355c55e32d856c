import { Announcement } from '../../src/announcements/announcement.entity';
import { passagesOf, withoutLineBreaks } from '../../src/announcements/text';
import { create, CompileContext } from '../compile-context';
import { AnnouncementFiling } from '../filing-schema';
import { byteSize, readDocumentFile, SeedLimits } from '../seed-files';
import { Located, SeedProblem } from '../seed-types';

/** Whether a body is within the document and passage limits; the problems of one that is not are added. */
function bodyWithinLimits(body: string, shown: string, field: string, file: string, limits: SeedLimits, problems: SeedProblem[]): boolean {
  const size = byteSize(body);
  if (size > limits.documentBytes) {
    problems.push({ file, path: field, message: `${shown} is ${size} bytes, over the document limit of ${limits.documentBytes} bytes` });
    return false;
  }
  let within = true;
  passagesOf(body).forEach((passage, i) => {
    const bytes = byteSize(passage);
    if (bytes <= limits.passageBytes) return;
    within = false;
    problems.push({
      file,
      path: `${field} (passage ${i + 1})`,
      message: `passage ${i + 1} of ${shown} is ${bytes} bytes, over the passage limit of ${limits.passageBytes} bytes`,
    });
  });
  return within;
}

/** A raw extracted text may differ from its cleaned body in line breaks only; where it differs beyond them is a problem. */
function checkRawText(body: string, raw: string, file: string, problems: SeedProblem[]): void {
  const a = withoutLineBreaks(body);
  const b = withoutLineBreaks(raw);
  if (a === b) return;
  let at = 0;
  while (at < a.length && a[at] === b[at]) at += 1;
  // Both are seed files that passed every check; SeedValidationError escapes what a terminal would act on.
  problems.push({
    file,
    path: 'bodyFile',
    message: `the cleaned body differs from rawFile beyond line breaks, first at character ${at}: "${a.slice(at, at + 20)}" vs "${b.slice(at, at + 20)}"`,
  });
}

/**
 * One document: its body, inline or read from documents/ (never from outside the seed, never more
 * than the limits), and its raw extracted text, which must differ from the body only in line breaks.
 * A document quoted in another is kept for the check of its passages against the quoting one.
 */
export function compileAnnouncement(context: CompileContext, { file, filing }: Located<AnnouncementFiling>): void {
  const { define, ref, rows, problems, documents } = context;
  define('document', filing.id, file, 'id');
  ref('authority', filing.authority, file, 'authority');
  ref('manager', filing.manager, file, 'manager');
  ref('document', filing.quotedIn, file, 'quotedIn');
  const readDocument = (name: string, field: string): string | null => {
    const read = readDocumentFile(documents.root, name, documents.limits);
    if (read.ok) return read.text;
    problems.push({ file, path: field, message: read.reason });
    return null;
  };
  const [bodyField, shown] = filing.bodyFile !== undefined ? ['bodyFile', `documents/${filing.bodyFile}`] : ['body', 'the body'];
  const body = filing.body ?? (filing.bodyFile ? readDocument(filing.bodyFile, 'bodyFile') : null);
  // Read (and refused) before any comparison: the comparison below quotes both texts.
  const raw = filing.rawFile ? readDocument(filing.rawFile, 'rawFile') : null;
  if (body === null || !bodyWithinLimits(body, shown, bodyField, file, documents.limits, problems)) documents.unread.add(filing.id);
  if (body !== null && raw !== null) checkRawText(body, raw, file, problems);
  rows.announcements.push(
    create(Announcement, {
      key: filing.id,
      slug: filing.id,
      kind: filing.kind,
      title: filing.title,
      language: filing.language,
      publishedOn: filing.publishedOn ?? null,
      dateNote: filing.dateNote ?? null,
      url: filing.url ?? null,
      documentNumber: filing.number ?? null,
      authorityCode: filing.authority ?? null,
      managerKey: filing.manager ?? null,
      quotedInKey: filing.quotedIn ?? null,
      body: (body ?? '').trim(),
      rawBody: raw,
    }),
  );
  if (filing.quotedIn !== undefined) context.statements.push({ file, filing });
}
