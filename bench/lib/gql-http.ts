/**
 * A lean GraphQL-over-HTTP client on node:http with keep-alive sockets: cheaper per request than
 * fetch, so on a 2-core machine more of the CPU goes to the server being measured.
 */
import { Agent, request } from 'node:http';

export interface GqlResponse<T> {
  readonly data?: T | null;
  readonly errors?: readonly { message: string; extensions?: { code?: string } }[];
}

export class GqlHttp {
  private readonly agent: Agent;
  private readonly url: URL;

  private readonly auth: Record<string, string>;

  /** `apiKey`: sent as `Authorization: Bearer <key>` (orders need one; quotes do not). */
  constructor(url: string, maxSockets = 64, apiKey?: string) {
    this.url = new URL(url);
    this.agent = new Agent({ keepAlive: true, maxSockets });
    this.auth = apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` };
  }

  post<T>(query: string, variables?: Record<string, unknown>): Promise<GqlResponse<T>> {
    const body = JSON.stringify(variables === undefined ? { query } : { query, variables });
    return new Promise((resolve, reject) => {
      const req = request(
        {
          agent: this.agent,
          host: this.url.hostname,
          port: this.url.port,
          path: this.url.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', 'content-length': Buffer.byteLength(body), ...this.auth },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            try {
              resolve(JSON.parse(text) as GqlResponse<T>);
            } catch {
              reject(new Error(`HTTP ${res.statusCode} from ${this.url.href}, not JSON: ${text.slice(0, 200)}`));
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/**
 * Runs `total` tasks with `concurrency` of them in flight at any time (a closed loop of N clients),
 * and returns how long it took. Task i is called exactly once.
 */
export async function closedLoop(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const start = performance.now();
  const lane = async (): Promise<void> => {
    while (next < total) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
  return performance.now() - start;
}

/** Polls `probe` every `intervalMs` until it returns true; throws with `what` after `timeoutMs`. */
export async function waitUntil(what: string, probe: () => Promise<boolean> | boolean, timeoutMs: number, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Polls a URL until it answers 2xx (server up). */
export async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  await waitUntil(`${url} to answer`, async () => {
    try {
      const res = await fetch(url);
      return res.ok;
    } catch {
      return false;
    }
  }, timeoutMs, 100);
}
