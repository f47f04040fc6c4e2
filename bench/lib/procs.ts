/**
 * Child processes of the benchmark: every one is tracked so that it is killed when the run ends,
 * fails, or is interrupted (SIGINT/SIGTERM). Nothing here ever kills by name: only the pids spawned
 * here, so the system Redis and other engineers' processes are never touched.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface Child {
  readonly name: string;
  readonly pid: number;
  readonly process: ChildProcess;
  /** Resolves with the first line (stdout or stderr) matching `pattern`; rejects on exit or timeout. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  /** Sends one command line to the child's stdin (spawned with stdin: true). */
  send(line: string): void;
  /** The last lines it printed, for error messages. */
  tail(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Keep a pipe to the child's stdin, for clients driven by line commands. */
  stdin?: boolean;
}

const live = new Set<Child>();
let logDir: string | undefined;

/** Where children's output is kept (one file per child) so a failed run can be diagnosed. */
export function setLogDir(dir: string): void {
  logDir = dir;
}

export function spawnTracked(
  name: string,
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): Child {
  const proc = spawn(command, args, {
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? process.env,
    stdio: [options.stdin === true ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  if (proc.pid === undefined) throw new Error(`could not start ${name}: ${command} ${args.join(' ')}`);
  const pid = proc.pid;
  const lines: string[] = [];
  const waiters = new Set<{ pattern: RegExp; resolve: (m: RegExpMatchArray) => void }>();
  const log: WriteStream | undefined = logDir === undefined ? undefined : createWriteStream(join(logDir, `${name}.${pid}.log`));

  const onLine = (line: string): void => {
    log?.write(line + '\n');
    lines.push(line);
    if (lines.length > 60) lines.shift();
    for (const waiter of waiters) {
      const match = line.match(waiter.pattern);
      if (match !== null) {
        waiters.delete(waiter);
        waiter.resolve(match);
      }
    }
  };
  createInterface({ input: proc.stdout! }).on('line', onLine);
  createInterface({ input: proc.stderr! }).on('line', onLine);

  const exited = new Promise<number | string>((resolve) => {
    proc.once('exit', (code, signal) => {
      live.delete(child);
      log?.end();
      resolve(code ?? signal ?? 'unknown');
    });
  });

  const child: Child = {
    name,
    pid,
    process: proc,
    exited,
    tail: () => lines.slice(-25).join('\n'),
    send(line) {
      if (proc.stdin === null) throw new Error(`${name} was spawned without a stdin pipe`);
      proc.stdin.write(line + '\n');
    },
    waitForLine(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const waiter = { pattern, resolve: (m: RegExpMatchArray) => { clearTimeout(timer); resolve(m); } };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`${name} (pid ${pid}) printed nothing matching ${pattern} within ${timeoutMs} ms; last output:\n${child.tail()}`));
        }, timeoutMs);
        waiters.add(waiter);
        void exited.then((code) => {
          if (!waiters.has(waiter)) return;
          waiters.delete(waiter);
          clearTimeout(timer);
          reject(new Error(`${name} (pid ${pid}) exited (${code}) before printing ${pattern}; last output:\n${child.tail()}`));
        });
      });
    },
    async stop(graceMs = 5000) {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  live.add(child);
  return child;
}

/** A TypeScript script run by Node with the tsx loader: one node process, so its pid is the server's. */
export function spawnTs(
  name: string,
  script: string,
  args: readonly string[],
  options: SpawnOptions & { nodeArgs?: readonly string[] } = {},
): Child {
  return spawnTracked(name, process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', script, ...args], options);
}

/** Stops every child still running, gracefully first. */
export async function stopAll(graceMs = 3000): Promise<void> {
  await Promise.all([...live].map((c) => c.stop(graceMs)));
}

let installed = false;

/**
 * Makes sure no child outlives the run: on a normal exit, an uncaught error, or Ctrl-C.
 * 'exit' handlers must be synchronous, so that path uses SIGKILL directly.
 */
export function installCleanup(): void {
  if (installed) return;
  installed = true;
  process.on('exit', () => {
    for (const c of live) {
      try {
        c.process.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping ${live.size} child process(es)\n`);
      void stopAll(1500).finally(() => process.exit(130));
    });
  }
}

/** Resident set size of a process in KiB, from /proc (Linux only); NaN if unreadable. */
export async function rssKb(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = status.match(/^VmRSS:\s+(\d+)\s+kB/m);
    return match === null ? Number.NaN : Number(match[1]);
  } catch {
    return Number.NaN;
  }
}

/** CPU time (user + system) a process has used so far, in µs, from /proc (Linux only); NaN if unreadable. */
export async function cpuMicros(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  try {
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th, in clock ticks.
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1e6) / CLOCK_TICKS_PER_SEC;
  } catch {
    return Number.NaN;
  }
}

/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK); /proc/<pid>/stat counts in it. */
const CLOCK_TICKS_PER_SEC = 100;

/** Reads the single `BENCH_RESULT <json>` line a baseline/client child prints, then waits for it to exit. */
export async function childResult<T>(child: Child, timeoutMs: number): Promise<T> {
  const match = await child.waitForLine(/^BENCH_RESULT (.*)$/, timeoutMs);
  const code = await child.exited;
  if (code !== 0) throw new Error(`${child.name} exited with ${code}; last output:\n${child.tail()}`);
  return JSON.parse(match[1] as string) as T;
}

/** Stops every child except `keep` (the run's Redis, between scenarios). */
export async function stopAllExcept(keep: Child, graceMs = 3000): Promise<void> {
  await Promise.all([...live].filter((c) => c !== keep).map((c) => c.stop(graceMs)));
}
