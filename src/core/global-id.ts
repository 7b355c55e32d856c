import { BadUserInputError } from './errors';

/**
 * Opaque global ids: base64url of "<TypeName>:<stable key>". The key comes from the curated filing,
 * so an id survives a re-seed.
 */
export function toGlobalId(typeName: string, key: string): string {
  return Buffer.from(`${typeName}:${key}`, 'utf8').toString('base64url');
}

/** Decodes an id, or null when it is not one of ours. */
export function decodeNodeId(id: string): { typeName: string; key: string } | null {
  try {
    return fromGlobalId(id);
  } catch {
    return null;
  }
}

export function fromGlobalId(id: string): { typeName: string; key: string } {
  const decoded = /^[A-Za-z0-9_-]+$/.test(id) ? Buffer.from(id, 'base64url').toString('utf8') : '';
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1 || !/^[A-Za-z]+$/.test(decoded.slice(0, colon))) {
    throw new BadUserInputError(`"${id.length > 100 ? `${id.slice(0, 100)}…` : id}" is not a valid node id`, 'id');
  }
  return { typeName: decoded.slice(0, colon), key: decoded.slice(colon + 1) };
}
