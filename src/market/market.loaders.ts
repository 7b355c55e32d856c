import DataLoader from 'dataloader';
import { manyLoader, oneLoader } from '../core/loaders';
import { TradingEpisode } from './market.entity';
import { MarketService } from './market.service';

/** Instruments, windows, episodes and the links between them, batched per request. */
export function marketLoaders(market: MarketService) {
  return {
    instrumentByCode: oneLoader(
      (codes: readonly string[]) => market.instrumentsByCodes(codes),
      (i) => i.code,
    ),
    windowByKey: oneLoader(
      (keys: readonly string[]) => market.windowsByKeys(keys),
      (w) => w.key,
    ),
    episodeByKey: oneLoader(
      (keys: readonly string[]) => market.episodesByKeys(keys),
      (e) => e.key,
    ),
    episodesOfManager: manyLoader(
      (keys: readonly string[]) => market.episodesByManagerKeys(keys),
      (e) => e.managerKey,
    ),
    windowLinksOfEpisode: manyLoader(
      (keys: readonly string[]) => market.linksOfEpisodes(keys),
      (l) => l.episodeKey,
    ),
    episodeLinksOfWindow: manyLoader(
      (keys: readonly string[]) => market.linksOfWindows(keys),
      (l) => l.windowKey,
    ),
    turnoverShareOfEpisode: turnoverShareLoader(market),
  };
}

/** Each episode's share of turnover, computed once per request however many fields ask for it. */
function turnoverShareLoader(market: MarketService) {
  return new DataLoader(
    async (episodes: readonly TradingEpisode[]) => {
      const links = await market.linksOfEpisodes(episodes.map((e) => e.key));
      const windows = new Map((await market.windowsByKeys([...new Set(links.map((l) => l.windowKey))])).map((w) => [w.key, w]));
      return Promise.all(
        episodes.map((episode) =>
          market.turnoverShare(
            episode,
            links.filter((l) => l.episodeKey === episode.key).map((l) => windows.get(l.windowKey)!),
          ),
        ),
      );
    },
    { cacheKeyFn: (episode) => episode.key },
  );
}
