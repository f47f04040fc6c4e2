/**
 * Which API key the page uses, and who it belongs to. One key at a time, for every tab of the
 * origin (key-storage.ts): it is given by a link's fragment or the key form, kept until the user
 * signs out, and dropped the moment the server refuses it. No DOM here: the panels render it.
 *
 * A change of key first tells the listeners (which stop and forget whatever the old key could see:
 * its orders, its updates), then moves the socket to the new key, so nothing the old key opened is
 * carried over to the new one, and nothing that needs a key is ever sent without one.
 */
import type { Api } from '../api/connection.js';
import type { ViewerInfo } from '../model.js';
import { keyPrefix } from './api-key.js';
import type { KeyStorage } from './key-storage.js';

export type SessionView =
  | { readonly kind: 'signed-out'; readonly notice: string | undefined }
  /** `viewer` is undefined until the server has said who the key belongs to. */
  | { readonly kind: 'signed-in'; readonly key: string; readonly viewer: ViewerInfo | undefined };

export class Session {
  private view: SessionView;
  private readonly listeners: ((view: SessionView, keyChanged: boolean) => void)[] = [];

  constructor(
    private readonly storage: KeyStorage,
    private readonly api: Api,
    initial: { readonly key: string | undefined; readonly notice?: string | undefined },
  ) {
    this.view = initial.key === undefined ? { kind: 'signed-out', notice: initial.notice } : { kind: 'signed-in', key: initial.key, viewer: undefined };
    storage.onOtherTab((key) => {
      if (key === this.key) return;
      if (key === undefined) this.change({ kind: 'signed-out', notice: 'Signed out in another tab of this dashboard.' });
      else this.change({ kind: 'signed-in', key, viewer: undefined });
    });
  }

  get current(): SessionView {
    return this.view;
  }

  get key(): string | undefined {
    return this.view.kind === 'signed-in' ? this.view.key : undefined;
  }

  get viewer(): ViewerInfo | undefined {
    return this.view.kind === 'signed-in' ? this.view.viewer : undefined;
  }

  /** `keyChanged`: the key itself changed (not only what is known of it). */
  onChange(listener: (view: SessionView, keyChanged: boolean) => void): void {
    this.listeners.push(listener);
  }

  /** Uses `key` from now on (`viewer` when already known, e.g. from checking it). */
  signIn(key: string, viewer?: ViewerInfo): void {
    this.storage.write(key);
    this.change({ kind: 'signed-in', key, viewer });
  }

  /** Forgets the key, here and in storage. */
  signOut(notice: string): void {
    this.storage.clear();
    this.change({ kind: 'signed-out', notice });
  }

  /** The server refused `key` (unknown or revoked): forgotten, and said so. */
  refused(key: string): void {
    if (this.storage.read() === key) this.storage.clear();
    if (key !== this.key) return; // already replaced
    this.change({
      kind: 'signed-out',
      notice: `The server refused the API key ${keyPrefix(key)}… (revoked or unknown), so this page has forgotten it. Paste a valid key to see and submit orders.`,
    });
  }

  /** Who the key belongs to, as its connection's `viewer` said. */
  identified(key: string, viewer: ViewerInfo): void {
    if (key !== this.key) return;
    this.view = { kind: 'signed-in', key, viewer };
    for (const l of this.listeners) l(this.view, false);
  }

  private change(next: SessionView): void {
    const keyChanged = (next.kind === 'signed-in' ? next.key : undefined) !== this.key;
    this.view = next;
    for (const l of this.listeners) l(next, keyChanged);
    if (keyChanged) this.api.useKey(this.key);
  }
}
