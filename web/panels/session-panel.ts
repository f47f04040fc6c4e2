/**
 * The top of the order ticket: who the page trades as (account, key, scopes) with a way to sign
 * out, or, without a key, the form that asks for one and says where keys come from. A key typed in
 * is checked for its shape here and by the server (web/api/key-check.ts) before the page uses it.
 */
import type { KeyCheck } from '../api/key-check.js';
import { byId, fill, h, setText } from '../dom.js';
import { keyPrefix, parseKeyInput } from '../session/api-key.js';
import type { Session, SessionView } from '../session/session.js';

export interface SessionPanel {
  /** Brings the key form forward (focus), e.g. when a submit needs a key. */
  askForKey(): void;
  /** Shows why the page has no key (e.g. a link with a malformed key). */
  notice(text: string): void;
  /** A key from a link or another source: checked as if typed. */
  tryKey(key: string): void;
}

export function mountSessionPanel(session: Session, check: (key: string) => Promise<KeyCheck>, announce: (msg: string) => void): SessionPanel {
  const box = byId('session');
  const signedIn = byId('signed-in');
  const whoami = byId('whoami');
  const signOut = byId<HTMLButtonElement>('sign-out');
  const form = byId<HTMLFormElement>('key-form');
  const notice = byId('key-notice');
  const input = byId<HTMLInputElement>('api-key');
  const useKey = byId<HTMLButtonElement>('use-key');
  const error = byId('err-api-key');
  let checking = false;

  function setError(text: string): void {
    setText(error, text);
    if (text === '') input.removeAttribute('aria-invalid');
    else input.setAttribute('aria-invalid', 'true');
  }

  function setNotice(text: string | undefined): void {
    setText(notice, text ?? '');
    notice.hidden = text === undefined;
  }

  function render(view: SessionView): void {
    box.dataset['state'] = view.kind;
    signedIn.hidden = view.kind !== 'signed-in';
    form.hidden = view.kind !== 'signed-out';
    if (view.kind === 'signed-out') {
      setNotice(view.notice);
      return;
    }
    setNotice(undefined);
    setError('');
    const v = view.viewer;
    if (v === undefined) {
      fill(whoami, 'Signed in with key ', h('code', {}, `${keyPrefix(view.key)}…`), h('span', { class: 'muted' }, ' · checking who it belongs to…'));
      return;
    }
    fill(
      whoami,
      'Signed in as ',
      h('strong', { 'data-who': 'account' }, v.accountName),
      h('span', { class: 'muted' }, ' · key '),
      h('span', { 'data-who': 'key' }, v.keyName),
      ' ',
      h('code', { 'data-who': 'prefix' }, v.keyPrefix),
      h('span', { class: 'muted' }, ' · may '),
      h('span', { 'data-who': 'scopes' }, v.scopes.join(', ')),
    );
  }

  async function submitKey(raw: string): Promise<void> {
    const parsed = parseKeyInput(raw);
    if (!parsed.ok) {
      setError(parsed.error);
      input.focus();
      return;
    }
    setError('');
    checking = true;
    useKey.disabled = true;
    setText(useKey, 'Checking…');
    try {
      const result = await check(parsed.key);
      if (result.kind === 'ok') {
        input.value = '';
        session.signIn(parsed.key, result.viewer);
        announce(`Signed in as ${result.viewer.accountName}`);
        return;
      }
      setError(result.kind === 'refused' ? `Not accepted: ${result.message}.` : `Could not check the key: ${result.message}. Try again.`);
      input.focus();
    } finally {
      checking = false;
      useKey.disabled = false;
      setText(useKey, 'Use key');
    }
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (!checking) void submitKey(input.value);
  });
  input.addEventListener('input', () => setError(''));
  signOut.addEventListener('click', () => {
    session.signOut('Signed out: this browser no longer keeps the API key.');
    input.focus(); // the button is gone; the form that replaced it is where to go next
  });

  session.onChange((view, keyChanged) => {
    render(view);
    if (keyChanged && view.kind === 'signed-out' && view.notice !== undefined) announce(view.notice);
  });
  render(session.current);

  return {
    askForKey() {
      if (!form.hidden) input.focus();
    },
    notice(text) {
      if (session.current.kind === 'signed-out') setNotice(text);
    },
    tryKey(key) {
      if (!checking) void submitKey(key);
    },
  };
}
