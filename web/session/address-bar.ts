/**
 * The key in the link `npm start` prints (`…/#key=<key>`). A fragment never leaves the browser, but
 * it stays in the address bar, the history and anything copied from them, so the page takes the key
 * out at once: `history.replaceState` rewrites the current entry, leaving no entry that holds it.
 */
import { fragmentKey, fragmentWithoutKey, isWellFormedKey } from './api-key.js';

export type LinkKey = { readonly key: string } | { readonly malformed: true };

/** Removes a `key` from the fragment, if there is one, and says what it was. */
export function takeKeyFromAddressBar(): LinkKey | undefined {
  const key = fragmentKey(location.hash);
  if (key === undefined) return undefined;
  history.replaceState(history.state, '', `${location.pathname}${location.search}${fragmentWithoutKey(location.hash)}`);
  return isWellFormedKey(key) ? { key } : { malformed: true };
}

/** A link with a key opened in this tab later (same page, so only the fragment changed). */
export function onKeyInAddressBar(listener: (link: LinkKey) => void): void {
  window.addEventListener('hashchange', () => {
    const link = takeKeyFromAddressBar();
    if (link !== undefined) listener(link);
  });
}
