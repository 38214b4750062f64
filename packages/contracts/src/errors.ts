import { z } from 'zod';

/**
 * Every error the API returns carries one of these codes. Clients may switch on them; they never
 * change meaning. The comment says when each is thrown.
 */
export const errorCodes = [
  'VALIDATION_FAILED', // the body, query or params do not match the route's schema
  'UNKNOWN_FIELD', // the body carries a field the route does not accept
  'BODY_TOO_LARGE', // the request body exceeds the configured limit
  'MALFORMED_JSON', // the body is not parseable JSON
  'UNSUPPORTED_MEDIA_TYPE', // a body was sent with a content type the API does not accept
  'UNAUTHENTICATED', // no valid session cookie or API token
  'INVALID_CREDENTIALS', // sign-in with a wrong email or password
  'LOGIN_THROTTLED', // too many failed sign-ins for this account or address; retry later
  'CSRF_TOKEN_INVALID', // a cookie-authenticated mutating request lacks the matching CSRF header
  'FORBIDDEN', // signed in, but the role lacks the route's permission
  'NOT_FOUND', // no such route
  'TICKET_NOT_FOUND', // no ticket with that id or number in this workspace
  'MESSAGE_NOT_FOUND', // no message with that id on that ticket
  'CUSTOMER_NOT_FOUND', // no customer with that id in this workspace
  'ORGANISATION_NOT_FOUND', // no organisation with that id in this workspace
  'USER_NOT_FOUND', // no user with that id in this workspace
  'TEAM_NOT_FOUND', // no team with that id in this workspace
  'TAG_NOT_FOUND', // no tag with that name in this workspace
  'VIEW_NOT_FOUND', // no saved view with that id visible to this user
  'TOKEN_NOT_FOUND', // no API token with that id for this user
  'CUSTOM_FIELD_INVALID', // a custom field value does not match its definition, or the field is unknown
  'MERGE_INVALID', // merging a ticket (or customer) into itself, or into/from one already merged away
  'SPLIT_INVALID', // splitting the only/first message of a ticket
  'EMAIL_TAKEN', // a member with that email, or a customer identity (email, phone, chat id) with that value, already exists
  'NAME_TAKEN', // a team name, tag name or custom field key is already used in this workspace
  'LAST_ADMIN', // the change would leave the workspace without an active admin (demoting or deactivating the last one)
  'IDEMPOTENCY_KEY_REUSED', // the Idempotency-Key was used before with a different request body
  'IDEMPOTENT_REQUEST_DONE', // the keyed request already took effect but its response was lost (a crash); do not retry
  'PASSWORD_TOO_WEAK', // new password shorter than the minimum
  'RATE_LIMITED', // too many requests of this kind; retry later
  'EMAIL_ADDRESS_TAKEN', // that inbound address already belongs to a workspace
  'EMAIL_ADDRESS_NOT_FOUND', // no such workspace email address
  'MAILBOX_NOT_FOUND', // no IMAP mailbox with that id in this workspace
  'INBOUND_EMAIL_NOT_FOUND', // no received email with that id in this workspace
  'INBOUND_EMAIL_STATE', // the received email is not in a state that allows this action (e.g. releasing a processed one)
  'MACRO_NOT_FOUND', // no macro with that id visible to this user
  'DRAFT_STALE', // a draft save carried a revision not higher than the stored one (an older save arrived late); details carry the stored revision
  'UPLOAD_NOT_FOUND', // no composer upload with that id of this user (sent already, removed, or pruned after a day)
  'UPLOAD_REFUSED', // the file is too large or of a refused type (executables, scripts)
  'UNDO_WINDOW_CLOSED', // the reply can no longer be undone (its undo window passed, or its email is being sent)
  'NEW_CUSTOMER_MESSAGE', // the customer wrote after the draft was started; resend with confirmNewMessages to send anyway
  'TEAM_IN_USE', // deleting a team that tickets still use; pass reassignTo with the team that takes them
  'TEAM_USED_BY_AUTOMATIONS', // deleting a team an automation names in a condition or action; change those automations first
  'CUSTOM_FIELD_NOT_FOUND', // no custom field definition with that id in this workspace
  'LESSON_REQUIRED', // the ticket would be solved with the outcome could_not_solve without a lesson (at least 10 characters)
  'SLA_POLICY_NOT_FOUND', // no SLA policy with that id in this workspace
  'SLA_ORDER_INVALID', // reordering SLA policies must list every policy of the workspace exactly once
  'PROMISE_NOT_FOUND', // no promise with that id in this workspace
  'PROMISE_STATE', // the promise is no longer open (kept, broken or dropped already)
  'ESCALATION_LEVEL_NOT_FOUND', // no escalation level with that id (or number) in this workspace
  'ESCALATION_INVALID', // the ticket cannot move to that level (no such level, or it is already there)
  'PLAYBOOK_NOT_FOUND', // no playbook with that id in this workspace
  'ROUTING_NO_AGENT', // no available agent can take the ticket under the team's routing rules
  'RESOLUTION_ACTION_NOT_FOUND', // no resolution action (or approval request) with that id in this workspace
  'RESOLUTION_DECIDED', // the approval request was already decided (approved, rejected or cancelled): it resolves once
  'RESOLUTION_APPROVER_LIMIT', // the amount is above the approver's own limit: someone with a higher limit must decide
  'RESOLUTION_SELF_APPROVAL', // a request cannot be decided by the person who asked for it
  'RESOLUTION_NOT_ALLOWED', // that action is not allowed here (e.g. the ticket is merged, or the currency has no limit)
  'DISCRETION_LIMIT_NOT_FOUND', // no discretion limit with that id in this workspace
  'WEBHOOK_NOT_FOUND', // no webhook endpoint (or delivery) with that id in this workspace
  'AUTOMATION_NOT_FOUND', // no automation (or run) with that id in this workspace
  'AUTOMATION_INVALID', // the automation's conditions or actions do not fit together (e.g. a time rule without a delay)
  'OVERRIDE_NOT_APPLICABLE', // there is no automatic decision of that kind on the ticket to override
  'INTERNAL', // an unexpected failure; the response carries a request id to quote
] as const;

export const ErrorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = z
  .object({
    error: z.object({
      code: ErrorCode,
      message: z.string(),
      details: z.unknown().optional(),
      requestId: z.string().optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBody>;
