/**
 * The pub/sub topic map. Channels carry the instance's key prefix so several instances can share
 * one Redis without hearing each other.
 */
export interface Topics {
  /** One order's transitions. */
  order(orderId: string): string;
  /** Every order's transitions (the dashboard's feed). */
  readonly orders: string;
}

export function topicsFor(keyPrefix: string): Topics {
  return {
    order: (orderId) => `${keyPrefix}:order:${orderId}`,
    orders: `${keyPrefix}:orders`,
  };
}
