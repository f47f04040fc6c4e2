/**
 * Where the page keeps its API key: localStorage, so every tab of this origin (and a reload) uses
 * the same key until the user signs out or the server refuses it. A browser that refuses storage
 * (some private modes) still works for the tab's lifetime: the key is then kept in memory only.
 */
import { isWellFormedKey } from './api-key.js';

const STORAGE_KEY = 'oee.apiKey';

export interface KeyStorage {
  read(): string | undefined;
  write(key: string): void;
  clear(): void;
  /** Another tab of this origin stored or forgot a key: `key` is what is stored now. */
  onOtherTab(listener: (key: string | undefined) => void): void;
}

export function browserKeyStorage(): KeyStorage {
  let memory: string | undefined;
  const storage = ((): Storage | undefined => {
    try {
      return window.localStorage;
    } catch {
      return undefined;
    }
  })();

  const read = (): string | undefined => {
    let stored: string | null = null;
    try {
      stored = storage?.getItem(STORAGE_KEY) ?? null;
    } catch {
      stored = null;
    }
    const key = stored ?? memory;
    // Whatever else is there (an older format, a hand edit) is not a key: drop it.
    if (key !== undefined && !isWellFormedKey(key)) {
      clear();
      return undefined;
    }
    return key;
  };

  const clear = (): void => {
    memory = undefined;
    try {
      storage?.removeItem(STORAGE_KEY);
    } catch {
      // nothing stored, nothing to forget
    }
  };

  return {
    read,
    write(key) {
      memory = key;
      try {
        storage?.setItem(STORAGE_KEY, key);
        memory = undefined; // stored: one place only
      } catch {
        // quota or a refusing browser: memory only
      }
    },
    clear,
    onOtherTab(listener) {
      window.addEventListener('storage', (ev) => {
        if (ev.storageArea !== storage || (ev.key !== STORAGE_KEY && ev.key !== null)) return;
        listener(read());
      });
    },
  };
}
