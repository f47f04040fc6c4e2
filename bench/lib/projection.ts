/**
 * From measured CPU per order in each role to what a target rate needs: cores per role, Node and
 * Redis processes (each runs JavaScript or commands on one thread, so one process uses at most one
 * core), and how many orders/s a machine of a given size carries. Pure arithmetic on the bench's
 * figures: CPU scales linearly with the rate, and each core is planned to `utilisation` of its time
 * (headroom for bursts, GC and the stall checks), which is what keeps latencies flat.
 */

/**
 * The roles of a deployment (the load generator is not one: clients are elsewhere). `combined` is
 * API and worker in one process (`npm start`).
 */
export type Role = 'combined' | 'api' | 'worker' | 'postgres' | 'redis';

/** Roles run as single-threaded processes: planned in whole processes of one core each. */
const SINGLE_THREADED: readonly Role[] = ['combined', 'api', 'worker', 'redis'];

export interface RolePlan {
  readonly role: Role;
  /** Cores this role needs at the target rate, at the planned utilisation. */
  readonly cores: number;
  /** Processes of this role (single-threaded roles only; PostgreSQL forks its own backends). */
  readonly processes: number | undefined;
  /** Orders/s one process of the role carries at the planned utilisation (single-threaded roles). */
  readonly ordersPerSecPerProcess: number | undefined;
}

export interface Projection {
  readonly ordersPerSec: number;
  readonly utilisation: number;
  readonly roles: readonly RolePlan[];
  /** Sum of every role's cores. */
  readonly cores: number;
}

/**
 * `cpuUsPerOrder`: µs of CPU per order in each role (all worker processes summed into `worker`);
 * roles missing from it cost nothing. `ordersPerSec` defaults to 1,000, `utilisation` to 0.7.
 */
export function project(cpuUsPerOrder: Partial<Record<Role, number>>, ordersPerSec = 1_000, utilisation = 0.7): Projection {
  if (!(ordersPerSec > 0)) throw new RangeError('ordersPerSec must be positive');
  if (!(utilisation > 0 && utilisation <= 1)) throw new RangeError('utilisation must be in (0, 1]');
  const roles: RolePlan[] = [];
  for (const [role, us] of Object.entries(cpuUsPerOrder) as [Role, number][]) {
    if (!(us >= 0)) throw new RangeError(`CPU per order of ${role} must be a non-negative number, got ${us}`);
    const cores = (us * ordersPerSec) / 1e6 / utilisation;
    const single = SINGLE_THREADED.includes(role);
    roles.push({
      role,
      cores,
      processes: single ? Math.max(1, Math.ceil(cores - 1e-9)) : undefined,
      ordersPerSecPerProcess: single && us > 0 ? (utilisation * 1e6) / us : undefined,
    });
  }
  return { ordersPerSec, utilisation, roles, cores: roles.reduce((a, r) => a + r.cores, 0) };
}

/** Orders/s a machine of `cores` carries with every role on it, at the planned utilisation. */
export function ordersPerSecOn(cores: number, cpuUsPerOrder: Partial<Record<Role, number>>, utilisation = 0.7): number {
  const total = Object.values(cpuUsPerOrder).reduce((a, b) => a + (b ?? 0), 0);
  return total > 0 ? (cores * utilisation * 1e6) / total : Number.POSITIVE_INFINITY;
}
