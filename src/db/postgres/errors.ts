/**
 * What a PostgreSQL failure means for the caller. Three kinds matter:
 * - the server is away (refused, terminated, shutting down, out of connection slots, a broken
 *   socket): the port's StorageUnavailableError, so clients get UNAVAILABLE and workers wait;
 * - a deadlock or serialization failure: a lost race the engine retries itself;
 * - anything else (a constraint, a bug): the error as it is.
 */
import { StorageUnavailableError } from '../port.js';

/** SQLSTATEs of a server that is going away or refusing new sessions. */
const SERVER_AWAY = new Set([
  '57P01', // admin_shutdown: terminated by an administrator (pg_terminate_backend, a fast shutdown)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: "the database system is starting up / shutting down"
  '57P05', // idle_session_timeout
  '25P03', // idle_in_transaction_session_timeout: the server ended a session left in a transaction
  '53300', // too_many_connections
  '3D000', // invalid_catalog_name: the database is gone
]);

/** Node socket errors: the connection never came up or broke under us. */
const SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

/** pg's own messages for a connection that died or never came (they carry no code). */
const PG_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Connection terminated unexpectedly',
];

function codeOf(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** True when `e` says the server (or the way to it) is away, not that a statement was wrong. */
export function isConnectionFailure(e: unknown): boolean {
  const code = codeOf(e);
  if (code !== undefined && (code.startsWith('08') || SERVER_AWAY.has(code) || SOCKET.has(code))) return true;
  const message = e instanceof Error ? e.message : '';
  return PG_MESSAGES.some((m) => message.startsWith(m));
}

/** A deadlock (40P01) or serialization failure (40001): the transaction lost a race; run it again. */
export function isLostRace(e: unknown): boolean {
  const code = codeOf(e);
  return code === '40P01' || code === '40001';
}

/** The first line of an error's message (pg's can run on; a one-line report wants the first). */
export function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return (text.split('\n')[0] ?? '').trim() || (codeOf(e) ?? 'unknown error');
}

/**
 * `e` as the port sees it: StorageUnavailableError when the server is away (`where` names it:
 * host, port and database, never the password), otherwise `e` unchanged.
 */
export function asStorageError(e: unknown, where: string): unknown {
  if (e instanceof StorageUnavailableError || !isConnectionFailure(e)) return e;
  return new StorageUnavailableError(`PostgreSQL at ${where} is unavailable: ${firstLine(e)}`, { cause: e });
}
