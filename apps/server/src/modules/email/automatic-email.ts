/**
 * Automatic emails on a ticket for other modules (the waiting reminders and closing notices): the
 * same loop guard and the same one-statement write as the auto-acknowledgement.
 */
export { insertAutomaticEmailRows as writeAutomaticTicketEmail, lockAndCountAutomaticEmails } from './outbound.queries.ts';
