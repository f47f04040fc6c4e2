/**
 * autocannon driven from code: POSTs GraphQL bodies over `connections` keep-alive connections for
 * `seconds`, rotating through `bodies` so a run is a realistic mix, not one cached request.
 * Non-2xx answers and GraphQL errors are counted so an erroring endpoint can't pass as fast.
 */
import autocannon from 'autocannon';

export interface CannonResult {
  readonly reqPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
}

export async function cannon(url: string, bodies: readonly string[], connections: number, seconds: number): Promise<CannonResult> {
  if (bodies.length === 0) throw new Error('cannon needs at least one body');
  let i = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    requests: [
      {
        setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length] as string }),
      },
    ],
  });
  return {
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}
