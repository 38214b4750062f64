import { describe, expect, it } from 'vitest';
import { removesLastAdmin } from './update-user.ts';
import type { MemberRow } from './users.queries.ts';

const admin: MemberRow = { id: 'a', name: 'Ada', email: 'ada@example.test', role: 'admin', languages: [], isActive: true };

describe('removesLastAdmin', () => {
  it('stops demoting or deactivating the only active admin', () => {
    expect(removesLastAdmin(admin, { role: 'lead' }, ['a'])).toBe(true);
    expect(removesLastAdmin(admin, { isActive: false }, ['a'])).toBe(true);
  });

  it('allows it when another active admin remains, or when the change keeps them an active admin', () => {
    expect(removesLastAdmin(admin, { role: 'agent' }, ['a', 'b'])).toBe(false);
    expect(removesLastAdmin(admin, { name: 'Ada L.' }, ['a'])).toBe(false);
    expect(removesLastAdmin(admin, { role: 'admin', isActive: true }, ['a'])).toBe(false);
  });

  it('ignores members who are not active admins', () => {
    expect(removesLastAdmin({ ...admin, role: 'lead' }, { isActive: false }, ['b'])).toBe(false);
    expect(removesLastAdmin({ ...admin, isActive: false }, { role: 'agent' }, ['b'])).toBe(false);
  });
});
