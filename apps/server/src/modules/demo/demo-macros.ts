/** The demo workspace's macros (issue 6): shared stock answers with placeholders and actions, and clarifying-question snippets (P10). */
import { macros } from '@rapport/db/schema';
import type { DbOrTx } from '@rapport/db/database';

export const demoMacros: { name: string; body: string; actions: Record<string, unknown>; category?: 'macro' | 'clarifying' }[] = [
  {
    name: 'Replacement on its way',
    body: 'Hi {{customer.first_name}},\n\nThanks for letting us know, and sorry about the trouble. We have sent a replacement today; you will get a tracking link by email.\n\nBest,\n{{agent.name}}\n{{workspace.name}}',
    actions: { status: 'pending', addTags: ['replacement'] },
  },
  {
    name: 'Refund issued',
    body: 'Hi {{customer.first_name}},\n\nThanks for your patience. I have issued a full refund for ticket #{{ticket.number}}; it shows on your statement within 5 working days.\n\n{{agent.name}}',
    actions: { status: 'solved', addTags: ['refund'] },
  },
  {
    name: 'Ask for a photo',
    body: 'Hi {{customer.first_name}},\n\nThank you for writing. Could you send a photo of the damage and your order number? Then I can sort out "{{ticket.subject}}" for you straight away.\n\n{{agent.name}}',
    actions: { status: 'pending' },
  },
  // Clarifying-question snippets: offered when the agent asks the customer for details and sets the ticket pending.
  {
    name: 'Ask for the order number',
    body: 'Could you send me your order number? You find it in the order confirmation email, starting with "ORD-".',
    actions: { status: 'pending' },
    category: 'clarifying',
  },
  {
    name: 'Ask for a photo of the damage',
    body: 'Could you send a photo of the damage, and one of the packaging if you still have it? That lets me sort this out without sending anything back.',
    actions: { status: 'pending' },
    category: 'clarifying',
  },
  {
    name: 'Ask for the device and version',
    body: 'Which device are you using, and which version of the app (Settings → About)? Then I can try the same steps here.',
    actions: { status: 'pending' },
    category: 'clarifying',
  },
];

export async function insertDemoMacros(tx: DbOrTx, workspaceId: string, createdById: string | null, now: Date): Promise<void> {
  await tx.insert(macros).values(demoMacros.map((macro) => ({ workspaceId, ...macro, category: macro.category ?? 'macro', ownerId: null, createdById, createdAt: now, updatedAt: now })));
}
