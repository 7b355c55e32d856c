import { LRUCache } from 'lru-cache';
import { ClientBudget } from '../core/context';

/** Clients followed at once: entries are of a fixed size (an address and two numbers), about 10 MB at most. */
const MAX_CLIENTS = 100_000;
const WINDOW_MS = 60_000;

interface Window {
  start: number;
  spent: number;
}

/**
 * Cost points per client per minute: a fixed window per IP address. A query's estimate is reserved
 * before it runs and settled after it, so concurrent requests cannot pass the limit together. Clients
 * are kept in an LRU of MAX_CLIENTS; a client dropped from it had its window expire or was the least
 * recently seen of a hundred thousand.
 */
export class RateLimiter {
  private readonly windows = new LRUCache<string, Window>({ max: MAX_CLIENTS });

  constructor(
    readonly pointsPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  private windowOf(client: string): Window {
    const now = this.now();
    let window = this.windows.get(client);
    if (!window || now - window.start >= WINDOW_MS) {
      window = { start: now, spent: 0 };
      this.windows.set(client, window);
    }
    return window;
  }

  /** Where a client stands: points left in this minute and seconds until the window resets. */
  state(client: string): { remaining: number; resetSeconds: number } {
    const window = this.windowOf(client);
    return { remaining: Math.max(0, this.pointsPerMinute - window.spent), resetSeconds: Math.max(1, Math.ceil((window.start + WINDOW_MS - this.now()) / 1000)) };
  }

  spend(client: string, points: number): void {
    this.windowOf(client).spent += points;
  }

  /** One request's budget: what it reserves before running is settled against what it is charged. */
  budgetOf(client: string): ClientBudget & { settle(charged: number): void } {
    let reserved = 0;
    let window: Window | null = null;
    return {
      limit: this.pointsPerMinute,
      reserve: (points) => {
        const current = this.windowOf(client);
        if (current.spent + points > this.pointsPerMinute) return false;
        current.spent += points;
        reserved += points;
        window = current;
        return true;
      },
      state: () => this.state(client),
      settle: (charged) => {
        // A reservation made in a window that has since reset is not refunded into the new one.
        const current = this.windowOf(client);
        if (window === current) current.spent = Math.max(0, current.spent - reserved);
        current.spent += charged;
        reserved = 0;
      },
    };
  }

  headers(client: string): Record<string, string> {
    const { remaining, resetSeconds } = this.state(client);
    return { 'x-ratelimit-limit': String(this.pointsPerMinute), 'x-ratelimit-remaining': String(remaining), 'x-ratelimit-reset': String(resetSeconds) };
  }
}
