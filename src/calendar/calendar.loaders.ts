import DataLoader from 'dataloader';
import { CalendarService } from './calendar.service';

/** The trading calendar, read once per request however many fields ask for it. */
export function calendarLoaders(calendar: CalendarService) {
  return {
    calendar: new DataLoader(async (keys: readonly 'all'[]) => {
      const data = await calendar.load();
      return keys.map(() => data);
    }),
  };
}
