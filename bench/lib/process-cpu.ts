/**
 * CPU time of other processes (Linux /proc), so a benchmark can say where the CPU per message
 * goes: the Rapport server, the PostgreSQL backends, the load generator. CPU seconds are far less
 * disturbed by a busy machine than rates are.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU seconds a process has used so far, or null once it is gone. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return null;
  }
}

/** A running total over a changing set of processes: each pid counts from when it was first seen. */
export function createCpuMeter() {
  const firstSeen = new Map<number, number>();
  const lastSeen = new Map<number, number>();
  return {
    /** Samples the given processes (call it at the start, now and then, and at the end). */
    sample(pids: Iterable<number>): void {
      for (const pid of pids) {
        const seconds = processCpuSeconds(pid);
        if (seconds === null) continue;
        if (!firstSeen.has(pid)) firstSeen.set(pid, seconds);
        lastSeen.set(pid, seconds);
      }
    },
    /** CPU seconds used between each process's first and last sample. */
    total(): number {
      let sum = 0;
      for (const [pid, last] of lastSeen) sum += last - (firstSeen.get(pid) ?? last);
      return sum;
    },
  };
}
