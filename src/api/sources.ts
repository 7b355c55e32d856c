import { Citation } from '../announcements/announcement.entity';
import { Context } from './context';

/** The citations of one subject ("Manager", key), batched with every other subject in the request. */
export function sourcesOf(context: Context, subjectType: string, key: string): Promise<Citation[]> {
  return context.loaders.citationsOf.load(`${subjectType}:${key}`);
}
