import { describe, expect, it } from 'vitest';
import { actionsOf, formValuesOf, unknownPlaceholders } from './macro-form.ts';

describe('macro form', () => {
  it('reports placeholders nothing fills', () => {
    expect(unknownPlaceholders('Hi {{customer.first_name}}, order {{ order.id }} {{Ticket.Number}} {{}}')).toEqual(['order.id']);
  });

  it('turns the form into actions: empty choices change nothing, "none" clears', () => {
    const values = { ...formValuesOf(null), status: 'solved' as const, tags: ' Refund, damaged ,refund ', team: 'team-1', assignee: 'none' };
    expect(actionsOf(values)).toEqual({ assigneeId: null, teamId: 'team-1', status: 'solved', addTags: ['refund', 'damaged'] });
    expect(actionsOf(formValuesOf(null))).toEqual({});
  });

  it('reads an existing macro back into the form', () => {
    const macro = { id: 'm', name: 'N', body: 'B', scope: 'shared' as const, category: 'clarifying' as const, ownerId: null, usageCount: 0, createdAt: '', updatedAt: '', actions: { assigneeId: null, teamId: 't', priority: 'high' as const } };
    expect(formValuesOf(macro)).toMatchObject({ assignee: 'none', team: 't', priority: 'high', status: '', tags: '', category: 'clarifying' });
    expect(actionsOf(formValuesOf(macro))).toEqual(macro.actions);
  });
});
