/**
 * A key typed into the page is checked over HTTP first (`viewer`, with `Authorization: Bearer`),
 * not by reconnecting the socket with it: a mistyped or revoked key then costs one refused request,
 * while the socket the page already has keeps its pools and quotes flowing. Same origin only.
 */
import { print } from 'graphql';
import { ViewerDocument, type ViewerQuery } from '../../src/client/graphql.js';
import type { ViewerInfo } from '../model.js';
import { toViewer } from './adapt.js';

export type KeyCheck =
  | { readonly kind: 'ok'; readonly viewer: ViewerInfo }
  /** The server does not honour the key: unknown or revoked. */
  | { readonly kind: 'refused'; readonly message: string }
  /** No verdict (server away, unexpected answer): the key may be fine. */
  | { readonly kind: 'unknown'; readonly message: string };

const VIEWER = print(ViewerDocument);

interface Answer {
  readonly data?: ViewerQuery | null;
  readonly errors?: readonly { readonly message?: string; readonly extensions?: { readonly code?: unknown } }[];
}

export async function checkKey(key: string): Promise<KeyCheck> {
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        authorization: `Bearer ${key}`,
      },
      body: JSON.stringify({ query: VIEWER, operationName: 'Viewer' }),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    return { kind: 'unknown', message: 'the server did not answer' };
  }
  let answer: Answer;
  try {
    answer = (await res.json()) as Answer;
  } catch {
    return { kind: 'unknown', message: `the server answered HTTP ${res.status}` };
  }
  const errors = answer.errors ?? [];
  if (res.status === 401 || errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) {
    return { kind: 'refused', message: 'the server does not know this key, or it was revoked' };
  }
  if (errors.length > 0) return { kind: 'unknown', message: errors[0]?.message ?? `HTTP ${res.status}` };
  const viewer = answer.data?.viewer;
  // A key the server accepted always has a viewer; none means it was not taken as a key.
  if (viewer === null || viewer === undefined) return { kind: 'refused', message: 'the server did not take this as a key' };
  return { kind: 'ok', viewer: toViewer(viewer) };
}
