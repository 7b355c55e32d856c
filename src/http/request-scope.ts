import { AsyncLocalStorage } from 'node:async_hooks';

/** The request a piece of work belongs to, for errors that escape every handler (src/main.ts logs them with it). */
export const requestScope = new AsyncLocalStorage<{ requestId: string }>();

export function currentRequestId(): string | undefined {
  return requestScope.getStore()?.requestId;
}
