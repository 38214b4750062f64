/**
 * Every section of the message catalogue, merged. Add a module's `messages.ts` here; a key used twice
 * fails the catalogue test.
 */
import { commonMessages } from './common-messages.ts';
import { inboxMessages } from '../modules/inbox/messages.ts';
import { shortcutsMessages } from '../shell/shortcuts/messages.ts';
import { ticketMessages } from '../modules/ticket/messages.ts';
import { customerMessages } from '../modules/customer/messages.ts';
import { teamworkMessages } from '../modules/teamwork/messages.ts';
import { searchMessages } from '../modules/search/messages.ts';
import { adminMessages } from '../modules/admin/messages.ts';
import { composerMessages } from '../modules/composer/messages.ts';
import { macrosMessages } from '../modules/macros/messages.ts';
import { lessonsMessages } from '../modules/lessons/messages.ts';
import { serviceMessages } from '../modules/service/messages.ts';
import { queueMessages } from '../modules/queue/messages.ts';
import { reportsMessages } from '../modules/reports/messages.ts';
import { emailMessages } from '../modules/email/messages.ts';
import { promisesMessages } from '../modules/promises/messages.ts';
import { escalationsMessages } from '../modules/escalations/messages.ts';
import { playbooksMessages } from '../modules/playbooks/messages.ts';
import { routingMessages } from '../modules/routing/messages.ts';
import { waitingMessages } from '../modules/waiting/messages.ts';
import { webhooksMessages } from '../modules/webhooks/messages.ts';
import { resolutionsMessages } from '../modules/resolutions/messages.ts';
import { automationsMessages } from '../modules/automations/messages.ts';
import { overridesMessages } from '../modules/overrides/messages.ts';

export const catalogueSections = { common: commonMessages, inbox: inboxMessages, shortcuts: shortcutsMessages, ticket: ticketMessages, customer: customerMessages, teamwork: teamworkMessages, search: searchMessages, admin: adminMessages, composer: composerMessages, macros: macrosMessages, lessons: lessonsMessages, service: serviceMessages, queue: queueMessages, reports: reportsMessages, email: emailMessages, promises: promisesMessages, escalations: escalationsMessages, playbooks: playbooksMessages, routing: routingMessages, waiting: waitingMessages, webhooks: webhooksMessages, resolutions: resolutionsMessages, automations: automationsMessages, overrides: overridesMessages } as const;

export const catalogue = { ...commonMessages, ...inboxMessages, ...shortcutsMessages, ...ticketMessages, ...customerMessages, ...teamworkMessages, ...searchMessages, ...adminMessages, ...composerMessages, ...macrosMessages, ...lessonsMessages, ...serviceMessages, ...queueMessages, ...reportsMessages, ...emailMessages, ...promisesMessages, ...escalationsMessages, ...playbooksMessages, ...routingMessages, ...waitingMessages, ...webhooksMessages, ...resolutionsMessages, ...automationsMessages, ...overridesMessages } as const;

export type MessageKey = keyof typeof catalogue;
