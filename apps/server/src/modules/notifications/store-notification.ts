/**
 * The one way another module stores an in-app notification: inside its transaction, idempotent per
 * (event, recipient, kind), announced live to the recipient only once committed.
 */
export { insertNotification as storeNotification, type NewNotification } from './notifications.queries.ts';
