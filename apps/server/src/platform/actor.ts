import type { Role } from '@rapport/contracts/auth';

/** Who is acting, in which workspace. Every use case takes one; every query is scoped by its workspace. */
export interface Actor {
  readonly workspaceId: string;
  readonly userId: string | null;
  readonly role: Role;
  readonly via: 'session' | 'token' | 'system';
  readonly requestId?: string;
}

export function systemActor(workspaceId: string): Actor {
  return { workspaceId, userId: null, role: 'admin', via: 'system' };
}
