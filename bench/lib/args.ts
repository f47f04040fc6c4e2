/** Command-line options of `npm run bench`. */
export interface BenchArgs {
  /** Smaller counts and shorter runs: a smoke check under two minutes. */
  readonly quick: boolean;
  /** Only these scenarios (by name), or all of them. */
  readonly only: ReadonlySet<string> | undefined;
  /** Where to write the results (bench/results.json by default). */
  readonly out: string | undefined;
  /** Write a CPU profile of the server during the throughput run into this directory. */
  readonly cpuProf: string | undefined;
  /** Overrides the number of orders in the throughput run (e.g. a longer run to profile). */
  readonly orders: number | undefined;
}

export function parseArgs(argv: readonly string[]): BenchArgs {
  let quick = false;
  let only: Set<string> | undefined;
  let out: string | undefined;
  let cpuProf: string | undefined;
  let orders: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--quick') quick = true;
    else if (arg === '--only') only = new Set(value().split(','));
    else if (arg === '--out') out = value();
    else if (arg === '--cpu-prof') cpuProf = value();
    else if (arg === '--orders') {
      orders = Number(value());
      if (!Number.isInteger(orders) || orders < 100) throw new Error('--orders needs an integer >= 100');
    }
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write('usage: npm run bench -- [--quick] [--only throughput,latency,quote,fanout,persistence,scale-out,recovery,triggers,backtest] [--out file] [--cpu-prof dir] [--orders n]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg} (try --help)`);
  }
  return { quick, only, out, cpuProf, orders };
}
