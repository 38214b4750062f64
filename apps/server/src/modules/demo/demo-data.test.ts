import { describe, expect, it } from 'vitest';
import { generateDemoWorkspace, type DemoTicket, type DemoWorkspace } from './demo-data.ts';

// Generating the default workspace takes ~100 ms, so the read-only tests share one copy.
const workspace: DemoWorkspace = generateDemoWorkspace();
const tickets: DemoTicket[] = workspace.tickets;

function share(predicate: (ticket: DemoTicket) => boolean): number {
  return tickets.filter(predicate).length / tickets.length;
}

function countBy<T extends string>(values: readonly T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

function mostCommon<T extends string>(values: readonly T[]): T | undefined {
  return [...countBy(values).entries()].sort((left, right) => right[1] - left[1])[0]?.[0];
}

describe('generateDemoWorkspace', () => {
  describe('determinism', () => {
    it('gives byte-identical output for the same options', () => {
      const again = generateDemoWorkspace({ seed: 42 });
      expect(again).toEqual(workspace);
      expect(JSON.stringify(again)).toBe(JSON.stringify(workspace));
    });

    it('gives different output for a different seed', () => {
      const other = generateDemoWorkspace({ seed: 7 });
      expect(other).not.toEqual(workspace);
      expect(other.tickets.map((ticket) => ticket.subject)).not.toEqual(tickets.map((ticket) => ticket.subject));
    });

    it('does not share mutable state between calls', () => {
      const first = generateDemoWorkspace({ ticketCount: 5, customerCount: 5 });
      first.agents[0]?.languages.push('fr');
      first.tags.push('mutated');
      const second = generateDemoWorkspace({ ticketCount: 5, customerCount: 5 });
      expect(second.agents[0]?.languages).toEqual(['en', 'es']);
      expect(second.tags).not.toContain('mutated');
    });
  });

  describe('counts', () => {
    it('has the default sizes', () => {
      expect(workspace.agents).toHaveLength(3);
      expect(workspace.customers).toHaveLength(200);
      expect(tickets).toHaveLength(1000);
      expect(workspace.organisations).toHaveLength(15);
    });

    it('honours ticketCount and customerCount', () => {
      const small = generateDemoWorkspace({ seed: 3, ticketCount: 25, customerCount: 10 });
      expect(small.customers).toHaveLength(10);
      expect(small.tickets).toHaveLength(25);
      expect(generateDemoWorkspace({ ticketCount: 0 }).tickets).toEqual([]);
    });

    it('rejects counts that cannot make a workspace', () => {
      expect(() => generateDemoWorkspace({ customerCount: 0 })).toThrow(RangeError);
      expect(() => generateDemoWorkspace({ ticketCount: -1 })).toThrow(RangeError);
      expect(() => generateDemoWorkspace({ ticketCount: 1.5 })).toThrow(RangeError);
      expect(() => generateDemoWorkspace({ seed: Number.NaN })).toThrow(RangeError);
    });
  });

  describe('team and customers', () => {
    it('has one admin, one lead and one agent, all under the shop domain', () => {
      expect(workspace.agents.map((agent) => agent.role).sort()).toEqual(['admin', 'agent', 'lead']);
      for (const agent of workspace.agents) expect(agent.email).toMatch(/^[a-z]+@demo\.rapport\.test$/);
    });

    it('gives every customer a unique email and a valid organisation', () => {
      const emails = workspace.customers.map((customer) => customer.email);
      expect(new Set(emails).size).toBe(emails.length);
      for (const customer of workspace.customers) {
        expect(customer.email).toMatch(/^[a-z0-9.]+@[a-z0-9.-]+$/);
        if (customer.organisationIndex === null) continue;
        const organisation = workspace.organisations[customer.organisationIndex];
        expect(organisation).toBeDefined();
        expect(customer.email.endsWith(`@${organisation?.domain ?? ''}`)).toBe(true);
      }
    });

    it('makes most customers standard tier, with some priority and enterprise', () => {
      const tiers = countBy(workspace.customers.map((customer) => customer.tier));
      expect(tiers.get('standard') ?? 0).toBeGreaterThan(workspace.customers.length / 2);
      expect(tiers.get('priority') ?? 0).toBeGreaterThan(0);
      expect(tiers.get('enterprise') ?? 0).toBeGreaterThan(0);
    });
  });

  describe('ticket mix', () => {
    it('covers every status', () => {
      expect(new Set(tickets.map((ticket) => ticket.status))).toEqual(
        new Set(['new', 'open', 'pending', 'on_hold', 'solved', 'closed']),
      );
    });

    it('is about 70% English, 15% German and 15% Spanish', () => {
      expect(share((ticket) => ticket.language === 'en')).toBeGreaterThan(0.6);
      expect(share((ticket) => ticket.language === 'en')).toBeLessThan(0.8);
      for (const language of ['de', 'es']) {
        expect(share((ticket) => ticket.language === language)).toBeGreaterThan(0.08);
        expect(share((ticket) => ticket.language === language)).toBeLessThan(0.25);
      }
    });

    it('writes each ticket in its customer’s language', () => {
      for (const ticket of tickets) expect(ticket.language).toBe(workspace.customers[ticket.customerIndex]?.language);
    });

    it('is mostly normal priority and mostly email, with every channel present', () => {
      expect(mostCommon(tickets.map((ticket) => ticket.priority))).toBe('normal');
      expect(mostCommon(tickets.map((ticket) => ticket.channel))).toBe('email');
      expect(new Set(tickets.map((ticket) => ticket.channel))).toEqual(new Set(['email', 'web', 'chat', 'phone']));
    });

    it('uses only tags from the fixed list', () => {
      for (const ticket of tickets) {
        expect(ticket.tags.length).toBeGreaterThan(0);
        for (const tag of ticket.tags) expect(workspace.tags).toContain(tag);
      }
    });

    it('varies the text between tickets', () => {
      const openings = new Set(tickets.map((ticket) => ticket.messages[0]?.text));
      expect(openings.size).toBeGreaterThan(tickets.length * 0.8);
    });

    it('has some internal notes', () => {
      expect(share((ticket) => ticket.notes.length > 0)).toBeGreaterThan(0.1);
    });
  });

  describe('every ticket', () => {
    it('keeps indices in range', () => {
      const agentCount = workspace.agents.length;
      for (const ticket of tickets) {
        expect(ticket.customerIndex).toBeGreaterThanOrEqual(0);
        expect(ticket.customerIndex).toBeLessThan(workspace.customers.length);
        if (ticket.assigneeAgentIndex !== null) expect(ticket.assigneeAgentIndex).toBeLessThan(agentCount);
        for (const message of ticket.messages) {
          if (message.authorAgentIndex !== null) expect(message.authorAgentIndex).toBeLessThan(agentCount);
        }
        for (const note of ticket.notes) {
          expect(note.authorAgentIndex).toBeGreaterThanOrEqual(0);
          expect(note.authorAgentIndex).toBeLessThan(agentCount);
        }
      }
    });

    it('starts with the customer and has 1–6 messages', () => {
      for (const ticket of tickets) {
        expect(ticket.messages.length).toBeGreaterThanOrEqual(1);
        expect(ticket.messages.length).toBeLessThanOrEqual(6);
        expect(ticket.messages[0]?.direction).toBe('inbound');
        expect(ticket.messages[0]?.channel).toBe(ticket.channel);
        expect(ticket.messages[0]?.minutesAfterStart).toBe(0);
      }
    });

    it('has agents write outbound messages only, in a language they speak', () => {
      for (const ticket of tickets) {
        for (const message of ticket.messages) {
          if (message.direction === 'inbound') {
            expect(message.authorAgentIndex).toBeNull();
            continue;
          }
          expect(message.authorAgentIndex).toBe(ticket.assigneeAgentIndex);
          expect(workspace.agents[message.authorAgentIndex ?? -1]?.languages).toContain(ticket.language);
        }
      }
    });

    it('keeps messages and notes in order and no later than now', () => {
      for (const ticket of tickets) {
        const minutes = ticket.messages.map((message) => message.minutesAfterStart);
        expect(minutes).toEqual([...minutes].sort((left, right) => left - right));
        for (const entry of [...ticket.messages, ...ticket.notes]) {
          expect(entry.minutesAfterStart).toBeGreaterThanOrEqual(0);
          expect(entry.minutesAfterStart).toBeLessThanOrEqual(ticket.createdMinutesAgo);
        }
      }
    });

    it('fills every placeholder', () => {
      for (const ticket of tickets) {
        const texts = [
          ticket.subject,
          ...ticket.messages.map((message) => message.text),
          ...ticket.notes.map((note) => note.text),
        ];
        for (const text of texts) {
          expect(text).not.toMatch(/[{}]|undefined|\bde el\b/);
          expect(text.trim()).not.toBe('');
        }
      }
    });
  });

  describe('status rules', () => {
    it('gives new tickets one customer message and no assignee', () => {
      for (const ticket of tickets.filter((candidate) => candidate.status === 'new')) {
        expect(ticket.assigneeAgentIndex).toBeNull();
        expect(ticket.messages).toHaveLength(1);
        expect(ticket.notes).toEqual([]);
      }
    });

    it('assigns every ticket past new', () => {
      for (const ticket of tickets.filter((candidate) => candidate.status !== 'new')) {
        expect(ticket.assigneeAgentIndex).not.toBeNull();
      }
    });

    it('ends pending tickets with an agent question', () => {
      for (const ticket of tickets.filter((candidate) => candidate.status === 'pending')) {
        const last = ticket.messages.at(-1);
        expect(last?.direction).toBe('outbound');
        expect(last?.text).toContain('?');
      }
    });

    it('ends open tickets with the customer', () => {
      for (const ticket of tickets.filter((candidate) => candidate.status === 'open')) {
        expect(ticket.messages.at(-1)?.direction).toBe('inbound');
      }
    });

    it('ends solved tickets with the agent’s resolution', () => {
      for (const ticket of tickets.filter((candidate) => candidate.status === 'solved')) {
        expect(ticket.messages.at(-1)?.direction).toBe('outbound');
      }
    });

    it('records an outcome only on solved and closed tickets', () => {
      for (const ticket of tickets) {
        const isResolved = ticket.status === 'solved' || ticket.status === 'closed';
        expect(ticket.outcome === null).toBe(!isResolved);
      }
      const outcomes = new Set(tickets.map((ticket) => ticket.outcome));
      expect(outcomes).toEqual(new Set([null, 'solved', 'workaround', 'could_not_solve']));
    });
  });
});
