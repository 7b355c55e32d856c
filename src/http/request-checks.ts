import { LRUCache } from 'lru-cache';
import { findForbiddenCharacter } from '../core/characters';
import { HttpError } from './http-error';

/** How deep variables may nest (objects and lists): the deepest input type of the schema is far shallower. */
export const MAX_VARIABLE_DEPTH = 32;

/**
 * GraphQL source text may not hold forbidden characters (src/core/characters.ts). A text seen before
 * passed already: the memo is bounded by bytes (each text counts its UTF-16 size), not by count.
 */
export function queryTextChecker(maxBytes = 4 * 1024 * 1024): (query: unknown) => void {
  const checked = new LRUCache<string, true>({ maxSize: maxBytes, sizeCalculation: (_value, key) => Math.max(1, key.length * 2) });
  return (query) => {
    if (typeof query !== 'string' || checked.has(query)) return;
    const bad = findForbiddenCharacter(query);
    if (bad)
      throw new HttpError(400, `The query holds the character ${bad.codePoint} at position ${bad.offset}, which it may not contain`, 'INVALID_CHARACTER');
    checked.set(query, true);
  };
}

/**
 * Variables hold no forbidden characters in their keys or string values, and nest at most
 * MAX_VARIABLE_DEPTH levels. Walked with an explicit stack: depth costs no call stack.
 */
export function checkVariables(variables: unknown, label = 'variables'): void {
  const stack: { value: unknown; at: string; depth: number }[] = [{ value: variables, at: label, depth: 0 }];
  while (stack.length > 0) {
    const { value, at, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const bad = findForbiddenCharacter(value);
      if (bad) throw new HttpError(400, `${at} holds the character ${bad.codePoint} at position ${bad.offset}, which is not valid text`, 'INVALID_CHARACTER');
      continue;
    }
    if (!value || typeof value !== 'object') continue;
    if (depth >= MAX_VARIABLE_DEPTH) throw new HttpError(400, `${at} nests deeper than ${MAX_VARIABLE_DEPTH} levels`, 'VARIABLES_TOO_DEEP');
    if (Array.isArray(value)) value.forEach((item, i) => stack.push({ value: item, at: `${at}[${i}]`, depth: depth + 1 }));
    else {
      for (const [key, item] of Object.entries(value)) {
        const bad = findForbiddenCharacter(key);
        if (bad) throw new HttpError(400, `A key in ${at} holds the character ${bad.codePoint}, which is not valid text`, 'INVALID_CHARACTER');
        stack.push({ value: item, at: `${at}.${key.length > 64 ? `${key.slice(0, 64)}…` : key}`, depth: depth + 1 });
      }
    }
  }
}
