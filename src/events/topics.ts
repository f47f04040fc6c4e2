/**
 * The pub/sub topic map: every channel the engine uses, what each carries, and how that payload
 * travels as text. Channels carry the instance's key prefix so several instances can share one
 * Redis without hearing each other. A new stream adds its kind here, once, with its codec.
 */
import { decodeJson, encodeJson } from '../domain/codec.js';
import type { OrderState } from '../domain/order-view.js';

/** One order transition on the wire: the order's MUTABLE state only (see order-events.ts). */
export interface OrderMessage extends OrderState {
  readonly orderId: string;
  /** The order's account: a feed delivers it to that account's subscribers only. */
  readonly accountId: string;
  readonly detail?: string;
}

/** A committed market write (a fill, a motion step): subscribers reload the pools it names. */
export interface MarketChanged {
  /** The market version the write committed. */
  readonly version: number;
  /** Pools the write changed. */
  readonly poolIds: readonly string[];
}

/** An API key was revoked: every process stops honouring it and ends what it holds open. */
export interface KeyRevoked {
  readonly keyId: string;
  readonly accountId: string;
}

/** A backtest's progress or end (src/jobs/backtest-worker.ts publishes it after persisting it). */
export interface BacktestMessage {
  readonly backtestId: string;
  /** The backtest's account: only it may follow the backtest. */
  readonly accountId: string;
  readonly status: 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';
  /** Fraction of simulated time done, in [0, 1]. */
  readonly progress: number;
  readonly ordersDone: number;
  /** Estimated wall-clock ms left (undefined before the first estimate and once ended). */
  readonly etaMs?: number;
  readonly failure?: { readonly code: string; readonly message: string; readonly field?: string };
}

/** What each kind of channel carries. */
export interface TopicPayloads {
  /** One order's transitions. */
  readonly order: OrderMessage;
  /** Every order's transitions (the dashboard's feed). */
  readonly orders: OrderMessage;
  /** The market moved. */
  readonly market: MarketChanged;
  /** A key was revoked. */
  readonly keys: KeyRevoked;
  /** One backtest's progress. */
  readonly backtest: BacktestMessage;
}

export type TopicKind = keyof TopicPayloads;

/** A channel and the kind of payload it carries. */
export interface Topic<K extends TopicKind> {
  readonly kind: K;
  readonly channel: string;
}

export interface Topics {
  order(orderId: string): Topic<'order'>;
  readonly orders: Topic<'orders'>;
  readonly market: Topic<'market'>;
  readonly keys: Topic<'keys'>;
  backtest(backtestId: string): Topic<'backtest'>;
  /** The kind of a channel of this prefix, or undefined for a channel that is not ours. */
  kindOf(channel: string): TopicKind | undefined;
}

export function topicsFor(keyPrefix: string): Topics {
  const orderPrefix = `${keyPrefix}:order:`;
  const orders: Topic<'orders'> = { kind: 'orders', channel: `${keyPrefix}:orders` };
  const market: Topic<'market'> = { kind: 'market', channel: `${keyPrefix}:market` };
  const keys: Topic<'keys'> = { kind: 'keys', channel: `${keyPrefix}:keys` };
  const backtestPrefix = `${keyPrefix}:backtest:`;
  return {
    order: (orderId) => ({ kind: 'order', channel: orderPrefix + orderId }),
    orders,
    market,
    keys,
    backtest: (backtestId) => ({ kind: 'backtest', channel: backtestPrefix + backtestId }),
    kindOf(channel) {
      if (channel.startsWith(orderPrefix)) return 'order';
      if (channel.startsWith(backtestPrefix)) return 'backtest';
      if (channel === orders.channel) return 'orders';
      if (channel === market.channel) return 'market';
      if (channel === keys.channel) return 'keys';
      return undefined;
    },
  };
}

/** How a payload kind is written and read; `decode` answers undefined for a malformed message. */
interface Codec<T> {
  encode(payload: T): string;
  decode(text: string): T | undefined;
}

function isOrderMessage(m: unknown): m is OrderMessage {
  return typeof m === 'object' && m !== null && typeof (m as OrderMessage).orderId === 'string' && typeof (m as OrderMessage).seq === 'number';
}

const orderMessages: Codec<OrderMessage> = {
  // Only a fill and a conditional order's quote hold bigints: the replacer (slow, called per key)
  // is needed for those alone.
  encode: (m) => (m.fill === undefined && m.quote === undefined ? JSON.stringify(m) : encodeJson(m)),
  decode(text) {
    // encode writes orderId first and a fill or a quote are the only bigint holders: a plain
    // JSON.parse (no reviver walk) reads every other order message.
    const m: unknown = text.startsWith('{"orderId":') && !text.includes('"fill":') && !text.includes('"quote":') ? JSON.parse(text) : decodeJson<unknown>(text);
    return isOrderMessage(m) ? m : undefined;
  },
};

function isMarketChanged(m: unknown): m is MarketChanged {
  if (typeof m !== 'object' || m === null) return false;
  const { version, poolIds } = m as Record<string, unknown>;
  return Number.isSafeInteger(version) && Array.isArray(poolIds) && poolIds.every((id) => typeof id === 'string');
}

const marketChanges: Codec<MarketChanged> = {
  encode: (m) => JSON.stringify(m),
  decode(text) {
    const m: unknown = JSON.parse(text);
    return isMarketChanged(m) ? m : undefined;
  },
};

const keyRevocations: Codec<KeyRevoked> = {
  encode: (m) => JSON.stringify(m),
  decode(text) {
    const m = JSON.parse(text) as Partial<KeyRevoked> | null;
    return typeof m?.keyId === 'string' && typeof m.accountId === 'string' ? { keyId: m.keyId, accountId: m.accountId } : undefined;
  },
};

const backtestMessages: Codec<BacktestMessage> = {
  encode: (m) => JSON.stringify(m),
  decode(text) {
    const m = JSON.parse(text) as Partial<BacktestMessage> | null;
    return typeof m?.backtestId === 'string' && typeof m.accountId === 'string' && typeof m.status === 'string' && typeof m.progress === 'number' && typeof m.ordersDone === 'number'
      ? (m as BacktestMessage)
      : undefined;
  },
};

/** The codec of every kind. */
export const CODECS: { readonly [K in TopicKind]: Codec<TopicPayloads[K]> } = {
  order: orderMessages,
  orders: orderMessages,
  market: marketChanges,
  keys: keyRevocations,
  backtest: backtestMessages,
};
