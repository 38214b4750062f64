import type { Role } from '@rapport/contracts/auth';
import type { Db } from '@rapport/db/database';
import { systemActor } from '../../platform/actor.ts';
import { AppError } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/events.ts';
import { hashPassword } from '../auth/passwords.ts';
import { seedBuiltInPlaybooks } from '../playbooks/playbooks.ts';
import { insertMembership, insertViews, insertWorkspace, upsertUser } from './workspaces.queries.ts';

/** The views every workspace starts with (issue 3: mine, unassigned, all open, pending, solved). */
export const builtInViews = [
  { name: 'Mine', filters: { assignee: 'me', status: ['new', 'open', 'pending', 'on_hold'] } },
  { name: 'Unassigned', filters: { assignee: 'none', status: ['new', 'open', 'pending', 'on_hold'] } },
  { name: 'All open', filters: { status: ['new', 'open'] } },
  { name: 'Pending', filters: { status: ['pending', 'on_hold'] } },
  { name: 'Solved', filters: { status: ['solved', 'closed'] } },
] as const;

export interface ProvisionWorkspaceInput {
  slug: string;
  name: string;
  timeZone?: string;
  now: Date;
}

export async function provisionWorkspace(db: Db, input: ProvisionWorkspaceInput) {
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(input.slug)) {
    throw new AppError('VALIDATION_FAILED', { message: 'A workspace slug is 2–63 lower-case letters, digits and dashes.' });
  }
  return db.transaction(async (tx) => {
    const workspace = await insertWorkspace(tx, { slug: input.slug, name: input.name, timeZone: input.timeZone ?? 'UTC', now: input.now });
    await insertViews(
      tx,
      builtInViews.map((view, position) => ({
        workspaceId: workspace.id,
        name: view.name,
        filters: { ...view.filters },
        isShared: true,
        isBuiltIn: true,
        position,
        createdAt: input.now,
      })),
    );
    await seedBuiltInPlaybooks(tx, workspace.id, input.now);
    await recordAudit(tx, systemActor(workspace.id), { action: 'workspace.created', subjectType: 'workspace', subjectId: workspace.id });
    return workspace;
  });
}

export interface AddMemberInput {
  workspaceId: string;
  email: string;
  name: string;
  password: string;
  role: Role;
  languages?: string[];
  now: Date;
}

/** Adds a person to a workspace, creating their login if they have none. */
export async function addMember(db: Db, input: AddMemberInput) {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const { user, isNew } = await upsertUser(tx, { email: input.email, name: input.name, passwordHash, now: input.now });
    const isAdded = await insertMembership(tx, {
      workspaceId: input.workspaceId,
      userId: user.id,
      role: input.role,
      languages: input.languages ?? [],
      now: input.now,
    });
    if (!isAdded) throw new AppError('EMAIL_TAKEN', { message: `${input.email} is already a member of this workspace.` });
    await recordAudit(tx, systemActor(input.workspaceId), {
      action: 'member.added',
      subjectType: 'user',
      subjectId: user.id,
      data: { role: input.role, isNewUser: isNew },
    });
    return { user, isNewUser: isNew };
  });
}
