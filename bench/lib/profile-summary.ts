/**
 * Summarizes a V8 .cpuprofile (node --cpu-prof): self time per function, grouped into the stages of
 * the order path by the file each function lives in, and per order when the order count is given.
 * Usage: tsx bench/lib/profile-summary.ts <file.cpuprofile> [orders]
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Ordered: the first matching rule names the stage. */
const STAGES: readonly [string, RegExp][] = [
  ['idle', /^\(idle\)$/],
  ['GC', /^\(garbage collector\)$/],
  ['program (native, unattributed)', /^\(program\)$/],
  // Native socket writes carry no URL: HTTP responses, Redis commands, WebSocket frames.
  ['socket writes (native: HTTP, Redis, WebSocket)', /^(writev|writeUtf8String|writeBuffer|writeLatin1String|writeAsciiString)$/],
  ['SQLite (better-sqlite3 native + kysely)', /better-sqlite3|kysely|src\/db\//],
  ['BullMQ', /bullmq/],
  ['Redis client (ioredis)', /ioredis|redis-parser|denque|graphql-redis-subscriptions/],
  ['GraphQL execute/parse/validate (graphql-js)', /node_modules\/graphql\/|@graphql-tools\/executor/],
  ['HTTP + yoga/envelop/whatwg-node', /graphql-yoga|@envelop|@whatwg-node|@graphql-yoga|graphql-armor|@escape\.tech|node:_http|_http_|node:http/],
  ['Pothos schema layer', /@pothos/],
  ['graphql-ws / ws', /graphql-ws|node_modules\/ws\//],
  ['routing + venue math (src/domain)', /src\/domain\//],
  ['worker / jobs (src/jobs)', /src\/jobs\//],
  ['service layer (src/services)', /src\/services\//],
  ['GraphQL resolvers (src/graphql)', /src\/graphql\//],
  ['pub/sub (src/events)', /src\/events\//],
  ['logging (pino)', /pino|sonic-boom/],
  ['zod validation', /node_modules\/zod/],
  ['other app code (src)', /\/src\//],
  ['tsx loader / module loading', /tsx\/dist|node:internal\/modules|esbuild/],
  ['node internals (streams, timers, net)', /^node:|^internal\//],
  ['other node_modules', /node_modules/],
];

export function stageOf(frame: CallFrame): string {
  const key = frame.url === '' ? frame.functionName : frame.url;
  for (const [name, pattern] of STAGES) if (pattern.test(key) || (frame.url === '' && pattern.test(frame.functionName))) return name;
  // Native frames (no URL) called from JS: e.g. JSON.parse, crypto, Buffer.
  return frame.url === '' ? 'native builtins (JSON, crypto, Buffer...)' : 'other';
}

export interface ProfileSummary {
  readonly totalMs: number;
  readonly busyMs: number;
  readonly stages: { stage: string; ms: number; share: number; usPerOrder?: number }[];
  readonly top: { fn: string; where: string; stage: string; ms: number }[];
}

export function summarizeProfile(profile: CpuProfile, orders?: number, topN = 25): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] as number;
    self.set(id, (self.get(id) ?? 0) + ((profile.timeDeltas[i] ?? 0) / 1000));
  }
  const stages = new Map<string, number>();
  const fns = new Map<string, { fn: string; where: string; stage: string; ms: number }>();
  let total = 0;
  for (const [id, ms] of self) {
    const frame = (byId.get(id) as ProfileNode).callFrame;
    const stage = stageOf(frame);
    total += ms;
    stages.set(stage, (stages.get(stage) ?? 0) + ms);
    const where = `${frame.url.replace(/^file:\/\/.*?\/(node_modules|src|bench)\//, '$1/')}:${frame.lineNumber + 1}`;
    const key = `${frame.functionName}@${where}`;
    const entry = fns.get(key) ?? { fn: frame.functionName || '(anonymous)', where, stage, ms: 0 };
    entry.ms += ms;
    fns.set(key, entry);
  }
  const idle = stages.get('idle') ?? 0;
  const busy = total - idle;
  return {
    totalMs: total,
    busyMs: busy,
    stages: [...stages.entries()]
      .filter(([s]) => s !== 'idle')
      .sort((a, b) => b[1] - a[1])
      .map(([stage, ms]) => ({ stage, ms, share: ms / busy, ...(orders !== undefined ? { usPerOrder: (ms * 1000) / orders } : {}) })),
    top: [...fns.values()].filter((f) => f.stage !== 'idle').sort((a, b) => b.ms - a.ms).slice(0, topN),
  };
}

const isMain = process.argv[1]?.endsWith('profile-summary.ts');
if (isMain) {
  const [file, ordersArg] = process.argv.slice(2);
  if (file === undefined) throw new Error('usage: profile-summary.ts <file.cpuprofile> [orders]');
  const orders = ordersArg === undefined ? undefined : Number(ordersArg);
  const s = summarizeProfile(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, orders);
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  console.log(`profile ${file}: ${(s.totalMs / 1000).toFixed(1)} s sampled, ${(s.busyMs / 1000).toFixed(1)} s busy`);
  console.log('\nstage | self ms | share of busy' + (orders ? ' | µs per order' : ''));
  for (const st of s.stages) console.log(`${st.stage} | ${st.ms.toFixed(0)} | ${pct(st.share)}${st.usPerOrder !== undefined ? ` | ${st.usPerOrder.toFixed(0)}` : ''}`);
  console.log('\ntop self-time functions:');
  for (const f of s.top) console.log(`${f.ms.toFixed(0)} ms  ${f.fn}  ${f.where}  [${f.stage}]`);
}
