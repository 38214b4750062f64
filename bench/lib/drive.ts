/**
 * Two ways to drive an async operation, shared by the HTTP load worker and the raw-SQL phases so
 * both sides of every ratio are measured the same way.
 *  - fixed rate (open loop): operations start on a fixed schedule whatever the latency; latency is
 *    measured from the scheduled start, so a stall is not hidden (no coordinated omission).
 *  - closed loop: `concurrency` callers each run operations back to back; gives the maximum rate.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

export interface DriveResult {
  latenciesMs: number[];
  errors: number;
  firstError: string | null;
  seconds: number;
}

export type Operation = (sequence: number) => Promise<void>;

export async function driveFixedRate(operation: Operation, perSecond: number, seconds: number, maxInFlight = 512): Promise<DriveResult> {
  const latenciesMs: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let inFlight = 0;
  const pending = new Set<Promise<void>>();
  const interval = 1000 / perSecond;
  const total = Math.floor(perSecond * seconds);
  const start = performance.now();
  for (let sequence = 0; sequence < total; sequence += 1) {
    const scheduled = start + sequence * interval;
    const wait = scheduled - performance.now();
    if (wait > 1) await sleep(wait);
    if (inFlight >= maxInFlight) {
      errors += 1; // the target cannot keep up: count as a failure rather than queue without bound
      firstError ??= `more than ${maxInFlight} requests in flight`;
      continue;
    }
    inFlight += 1;
    const promise = operation(sequence).then(
      () => {
        latenciesMs.push(performance.now() - scheduled);
      },
      (error: unknown) => {
        errors += 1;
        firstError ??= String(error);
      },
    );
    const tracked = promise.finally(() => {
      inFlight -= 1;
      pending.delete(tracked);
    });
    pending.add(tracked);
  }
  await Promise.all(pending);
  return { latenciesMs, errors, firstError, seconds: (performance.now() - start) / 1000 };
}

export async function driveClosedLoop(operation: Operation, concurrency: number, seconds: number): Promise<DriveResult> {
  const latenciesMs: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let sequence = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  const caller = async () => {
    while (performance.now() < deadline) {
      const began = performance.now();
      try {
        await operation(sequence++);
        latenciesMs.push(performance.now() - began);
      } catch (error) {
        errors += 1;
        firstError ??= String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, caller));
  return { latenciesMs, errors, firstError, seconds: (performance.now() - start) / 1000 };
}
