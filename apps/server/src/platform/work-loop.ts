/**
 * A worker loop over a table used as a queue: `drain` claims and handles due rows until none are
 * left; a NOTIFY on `channel` (sent in the writing transaction) or a timer wakes it. One drain runs
 * at a time per loop; a wake-up during a drain runs another drain after it. The outbox dispatcher,
 * the inbound processor and the outbound sender are such loops.
 */
import type { Database } from '@rapport/db/database';
import type { Logger } from './logger.ts';

export interface WorkLoop {
  /** Runs a drain now (or after the running one) and resolves when it is done. */
  kick(): Promise<void>;
  stop(): Promise<void>;
}

export async function startWorkLoop(
  database: Database,
  logger: Logger,
  options: { name: string; channel: string | null; pollMs: number; drain: () => Promise<unknown> },
): Promise<WorkLoop> {
  let running: Promise<void> | null = null;
  let isPending = false;
  let stopped = false;

  async function loop() {
    try {
      do {
        isPending = false;
        await options.drain();
      } while (isPending && !stopped);
    } catch (error) {
      logger.error({ err: error, loop: options.name }, 'work loop drain failed; the next wake-up retries');
    } finally {
      running = null;
    }
  }

  function kick(): Promise<void> {
    if (stopped) return Promise.resolve();
    if (running) {
      isPending = true;
      return running;
    }
    running = loop();
    return running;
  }

  const unlisten = options.channel ? await database.listen(options.channel, () => void kick()) : null;
  const timer = setInterval(() => void kick(), options.pollMs);
  timer.unref();
  void kick();

  return {
    kick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await unlisten?.();
      while (running) await running;
    },
  };
}
