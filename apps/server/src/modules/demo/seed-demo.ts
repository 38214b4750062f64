/**
 * Loads the generated demo shop into a new workspace: agents with a random password, customers,
 * organisations and ~1,000 tickets with their conversations, in one transaction; then SLA policies,
 * clocks and queue places for the open tickets.
 */
import { randomBytes } from 'node:crypto';
import { customerIdentities, customers, emailAddresses, messages, notes, organisations, slaPolicies, tags, tickets, workspaceCounters } from '@rapport/db/schema';
import type { Db } from '@rapport/db/database';
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import { refreshQueueKeys } from '../queue/queue-keys.ts';
import { syncTicketSlas } from '../sla/sla.ts';
import { addMember, provisionWorkspace } from '../workspaces/provision-workspace.ts';
import { generateDemoWorkspace, type DemoWorkspace } from './demo-data.ts';
import { insertDemoMacros } from './demo-macros.ts';
import { seedDemoResolutions } from '../resolutions/resolutions.ts';
import { seedDemoAutomations } from '../automations/automations.ts';

export interface SeededDemo {
  workspaceId: string;
  slug: string;
  logins: { email: string; name: string; role: string }[];
  password: string;
  ticketCount: number;
  /** The workspace's inbound address: mail sent to it over SMTP (port 2525) becomes a ticket. */
  supportAddress: string;
}

/** The demo's service targets: urgent tickets around the clock, enterprise customers faster, everyone else in business hours. */
const demoSlaPolicies = [
  { name: 'Urgent', priorities: ['urgent'], firstReplyMinutes: 60, nextReplyMinutes: 120, resolutionMinutes: 8 * 60, businessHours: false, warnMinutes: 15 },
  { name: 'Enterprise customers', tiers: ['enterprise'], firstReplyMinutes: 2 * 60, nextReplyMinutes: 4 * 60, resolutionMinutes: 3 * 8 * 60, businessHours: true, warnMinutes: 30 },
  { name: 'Everyone else', firstReplyMinutes: 8 * 60, nextReplyMinutes: 8 * 60, resolutionMinutes: 5 * 8 * 60, businessHours: true, warnMinutes: 60 },
];

function chunks<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let index = 0; index < items.length; index += size) result.push(items.slice(index, index + size));
  return result;
}

export async function seedDemo(db: Db, options: { now: Date; password?: string; slug?: string; data?: DemoWorkspace }): Promise<SeededDemo> {
  const data = options.data ?? generateDemoWorkspace();
  const password = options.password ?? randomBytes(9).toString('base64url');
  const workspace = await provisionWorkspace(db, { slug: options.slug ?? data.slug, name: data.name, now: options.now });
  const agentIds: string[] = [];
  for (const agent of data.agents) {
    const { user } = await addMember(db, {
      workspaceId: workspace.id,
      email: agent.email,
      name: agent.name,
      password,
      role: agent.role,
      languages: agent.languages,
      now: options.now,
    });
    agentIds.push(user.id);
  }
  const supportAddress = `support@${workspace.slug}.rapport.test`;
  const minutesAgo = (minutes: number) => new Date(options.now.getTime() - minutes * 60_000);
  await db.transaction(async (tx) => {
    const organisationIds: string[] = [];
    for (const batch of chunks(data.organisations, 200)) {
      const rows = await tx
        .insert(organisations)
        .values(batch.map((organisation) => ({ workspaceId: workspace.id, name: organisation.name, domains: [organisation.domain], createdAt: minutesAgo(400_000) })))
        .returning({ id: organisations.id });
      organisationIds.push(...rows.map((row) => row.id));
    }
    const customerIds: string[] = [];
    for (const batch of chunks(data.customers, 200)) {
      const rows = await tx
        .insert(customers)
        .values(
          batch.map((customer) => ({
            workspaceId: workspace.id,
            name: customer.name,
            tier: customer.tier,
            language: customer.language,
            organisationId: customer.organisationIndex === null ? null : (organisationIds[customer.organisationIndex] ?? null),
            createdAt: minutesAgo(300_000),
          })),
        )
        .returning({ id: customers.id });
      customerIds.push(...rows.map((row) => row.id));
    }
    const identities = data.customers.flatMap((customer, index) => {
      const customerId = customerIds[index] as string; // one id was returned per inserted customer, in order
      return [
        { workspaceId: workspace.id, customerId, kind: 'email' as const, value: customer.email.toLowerCase() },
        ...(customer.phone ? [{ workspaceId: workspace.id, customerId, kind: 'phone' as const, value: customer.phone }] : []),
      ];
    });
    for (const batch of chunks(identities, 500)) await tx.insert(customerIdentities).values(batch).onConflictDoNothing();
    await tx.insert(tags).values(data.tags.map((name) => ({ workspaceId: workspace.id, name }))).onConflictDoNothing();

    // Oldest first, so numbers rise with creation time as they would have.
    const ordered = [...data.tickets].sort((left, right) => right.createdMinutesAgo - left.createdMinutesAgo);
    let number = 1;
    for (const batch of chunks(ordered, 100)) {
      const ticketRows = await tx
        .insert(tickets)
        .values(
          batch.map((ticket) => {
            const createdAt = minutesAgo(ticket.createdMinutesAgo);
            const at = (offset: number) => new Date(createdAt.getTime() + offset * 60_000);
            const lastMessage = ticket.messages[ticket.messages.length - 1];
            const firstReply = ticket.messages.find((message) => message.direction === 'outbound');
            const lastActivity = Math.max(lastMessage?.minutesAfterStart ?? 0, ...ticket.notes.map((note) => note.minutesAfterStart));
            const isResolved = ticket.status === 'solved' || ticket.status === 'closed';
            return {
              workspaceId: workspace.id,
              number: number++,
              subject: ticket.subject,
              status: ticket.status,
              priority: ticket.priority,
              channel: ticket.channel,
              customerId: customerIds[ticket.customerIndex] as string, // generator guarantees the index is in range (tested)
              assigneeId: ticket.assigneeAgentIndex === null ? null : (agentIds[ticket.assigneeAgentIndex] ?? null),
              tags: ticket.tags,
              language: ticket.language,
              createdAt,
              updatedAt: at(lastActivity),
              lastMessageAt: lastMessage ? at(lastMessage.minutesAfterStart) : createdAt,
              firstReplyAt: firstReply ? at(firstReply.minutesAfterStart) : null,
              solvedAt: isResolved ? at(lastActivity) : null,
              outcome: isResolved ? (ticket.outcome ?? 'solved') : null,
            };
          }),
        )
        .returning({ id: tickets.id });
      const messageRows = batch.flatMap((ticket, index) => {
        const ticketId = ticketRows[index]?.id as string; // one row returned per inserted ticket, in order
        const createdAt = minutesAgo(ticket.createdMinutesAgo);
        return ticket.messages.map((message) => ({
          workspaceId: workspace.id,
          ticketId,
          direction: message.direction,
          channel: message.channel,
          authorType: message.direction === 'inbound' ? ('customer' as const) : ('agent' as const),
          authorUserId: message.authorAgentIndex === null ? null : (agentIds[message.authorAgentIndex] ?? null),
          authorCustomerId: message.direction === 'inbound' ? (customerIds[ticket.customerIndex] ?? null) : null,
          text: message.text,
          createdAt: new Date(createdAt.getTime() + message.minutesAfterStart * 60_000),
        }));
      });
      for (const messageBatch of chunks(messageRows, 500)) await tx.insert(messages).values(messageBatch);
      const noteRows = batch.flatMap((ticket, index) => {
        const ticketId = ticketRows[index]?.id as string; // as above
        const createdAt = minutesAgo(ticket.createdMinutesAgo);
        return ticket.notes.map((note) => ({
          workspaceId: workspace.id,
          ticketId,
          authorId: agentIds[note.authorAgentIndex] as string, // generator keeps agent indices in range (tested)
          text: note.text,
          createdAt: new Date(createdAt.getTime() + note.minutesAfterStart * 60_000),
        }));
      });
      if (noteRows.length > 0) await tx.insert(notes).values(noteRows);
    }
    await tx.update(workspaceCounters).set({ nextTicketNumber: number }).where(eq(workspaceCounters.workspaceId, workspace.id));
    await tx.insert(emailAddresses).values({ workspaceId: workspace.id, address: supportAddress, displayName: `${data.name} Support`, isDefault: true });
    await insertDemoMacros(tx, workspace.id, agentIds[0] ?? null, options.now);
    await tx.insert(slaPolicies).values(demoSlaPolicies.map((policy, position) => ({ workspaceId: workspace.id, position, ...policy })));
    // Discretion limits in EUR and one pending request from the demo agent, so approvals are not empty.
    await seedDemoResolutions(tx, workspace.id, agentIds[data.agents.findIndex((agent) => agent.role === 'agent')] ?? null, options.now);
    await seedDemoAutomations(tx, workspace.id, agentIds[data.agents.findIndex((agent) => agent.role === 'admin')] ?? null, options.now);
  });
  // The tickets were written in bulk, past the ticket-change hook: give the open ones their SLA
  // clocks and their place in the fair queue, as live tickets have.
  const open = await db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspace.id), inArray(tickets.status, ['new', 'open', 'pending', 'on_hold']), isNull(tickets.mergedIntoId)))
    .orderBy(asc(tickets.number));
  for (const batch of chunks(open.map((row) => row.id), 200)) {
    await db.transaction(async (tx) => {
      await syncTicketSlas(tx, workspace.id, batch, options.now);
      await refreshQueueKeys(tx, workspace.id, batch, options.now);
    });
  }
  return {
    workspaceId: workspace.id,
    slug: workspace.slug,
    logins: data.agents.map((agent) => ({ email: agent.email, name: agent.name, role: agent.role })),
    password,
    ticketCount: data.tickets.length,
    supportAddress,
  };
}
