/**
 * The promises monitor (worker role): every few seconds it marks the open promises whose reminder
 * time passed as reminded, and for each writes the audit entry `promise.reminder` and the
 * `promise.reminder` outbox event (its listener notifies the owner, promises-listeners.ts) — in the
 * same transaction as the mark, so a reminder is never lost or doubled. It reads only the partial
 * index of due reminders (promises_remind_idx): no sweep. Several workers share the work
 * (`for update skip locked`). Overdue needs no marking: an open promise past its due time is
 * overdue by definition and stays open until a person marks it kept or broken (P26).
 */
import type { Tx } from '@rapport/db/database';
import type { AppDeps } from '../../platform/app-deps.ts';
import { systemActor } from '../../platform/actor.ts';
import { publishEvent, recordAudit } from '../../platform/events.ts';
import { startWorkLoop } from '../../platform/work-loop.ts';
import { promiseTopics } from './promises.ts';
import { claimDueReminders, type DueReminder } from './promises.queries.ts';

export interface PromisesMonitor {
  /** Sends every reminder due now; resolves when done (tests). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

const batchSize = 500;

async function recordReminder(tx: Tx, reminder: DueReminder): Promise<void> {
  const actor = systemActor(reminder.workspaceId);
  const data = { promiseId: reminder.id, ownerId: reminder.ownerId, dueAt: reminder.dueAt.toISOString(), remindAt: reminder.remindAt.toISOString() };
  await recordAudit(tx, actor, { action: 'promise.reminder', subjectType: 'ticket', subjectId: reminder.ticketId, data });
  await publishEvent(tx, actor, {
    topic: promiseTopics.reminder,
    payload: { ...data, ticketId: reminder.ticketId, ticketNumber: reminder.ticketNumber, ticketSubject: reminder.ticketSubject, text: reminder.text },
  });
}

/** One pass: claims due reminders in batches until none is left; returns how many it sent. */
export async function sendDuePromiseReminders(deps: Pick<AppDeps, 'db' | 'clock' | 'logger'>): Promise<number> {
  let total = 0;
  for (;;) {
    const now = deps.clock.now();
    const count = await deps.db.transaction(async (tx) => {
      const reminders = await claimDueReminders(tx, now, batchSize);
      // Each in a savepoint: one reminder that cannot be recorded must not hold back the others
      // (or stop every later pass); it stays claimed, and the failure is logged with its id.
      for (const reminder of reminders) {
        await tx.transaction((savepoint) => recordReminder(savepoint, reminder)).catch((error: unknown) => {
          deps.logger.error({ err: error, promiseId: reminder.id }, 'promise reminder could not be recorded; retried on the next pass');
        });
      }
      return reminders.length;
    });
    total += count;
    if (count === 0) return total;
  }
}

export async function startPromisesMonitor(deps: AppDeps, options: { pollMs?: number } = {}): Promise<PromisesMonitor> {
  const loop = await startWorkLoop(deps.database, deps.logger, {
    name: 'promises-monitor',
    channel: null,
    pollMs: options.pollMs ?? 15_000,
    drain: async () => {
      const count = await sendDuePromiseReminders(deps);
      if (count > 0) deps.logger.info({ reminders: count }, 'promise reminders sent');
    },
  });
  return { drain: () => loop.kick(), stop: () => loop.stop() };
}
