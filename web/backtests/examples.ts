/**
 * The example scenarios shipped in examples/scenarios, bundled into the page so a run can start
 * with one click and no file at hand. Each is sent as the scenario it is (its orders or strategy
 * included); the router mode is chosen beside it.
 */
import iceberg from '../../examples/scenarios/iceberg.json';
import meanReversion from '../../examples/scenarios/mean-reversion.json';
import orderList from '../../examples/scenarios/order-list.json';
import twap from '../../examples/scenarios/twap-default-market.json';

export interface ExampleScenario {
  readonly id: string;
  readonly label: string;
  readonly scenario: unknown;
}

export const EXAMPLES: readonly ExampleScenario[] = [
  { id: 'order-list', label: 'Order list: 1 h of market orders (compare router modes)', scenario: orderList },
  { id: 'twap', label: 'TWAP: 500 SOL over an hour in 60 slices', scenario: twap },
  { id: 'iceberg', label: 'Iceberg: one visible slice, refilled', scenario: iceberg },
  { id: 'mean-reversion', label: 'Mean reversion on the reference price', scenario: meanReversion },
];

export const ROUTER_MODES = ['SMART', 'BEST_SINGLE_VENUE', 'VENUE_RAYDIUM', 'VENUE_METEORA'] as const;
export type RouterModeName = (typeof ROUTER_MODES)[number];
