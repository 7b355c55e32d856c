import { manyLoader, oneLoader } from '../core/loaders';
import { Citation } from './announcement.entity';
import { AnnouncementService } from './announcement.service';

/** Documents, their texts, the statements they quote and every subject's citations, batched per request. */
export function announcementLoaders(announcements: AnnouncementService) {
  return {
    announcementByKey: oneLoader(
      (keys: readonly string[]) => announcements.findByKeys(keys),
      (a) => a.key,
    ),
    announcementTextByKey: oneLoader(
      (keys: readonly string[]) => announcements.textsByKeys(keys),
      (a) => a.key,
    ),
    quotedStatementsOf: manyLoader(
      (keys: readonly string[]) => announcements.quotedStatementsOf(keys),
      (a) => a.quotedInKey!,
    ),
    citationsOf: manyLoader(
      (subjects: readonly string[]) => announcements.citationsOf(subjects),
      (c) => `${c.subjectType}:${c.subjectKey}`,
    ),
  };
}

/** The citations of one subject ("Manager", key), batched with every other subject in the request. */
export function sourcesOf(
  context: { loaders: Pick<ReturnType<typeof announcementLoaders>, 'citationsOf'> },
  subjectType: string,
  key: string,
): Promise<Citation[]> {
  return context.loaders.citationsOf.load(`${subjectType}:${key}`);
}
