/** The two reads the presence channel needs: is this a ticket of the workspace, and who is this member. */
import type { Database } from '@rapport/db/database';

export async function isWorkspaceTicket(database: Database, workspaceId: string, ticketId: string): Promise<boolean> {
  const rows = await database.query('select 1 as found from tickets where workspace_id = $1 and id = $2', [workspaceId, ticketId]);
  return rows.length > 0;
}

export async function findMemberName(database: Database, workspaceId: string, userId: string): Promise<string | null> {
  const rows = await database.query<{ name: string }>(
    'select u.name from users u join memberships m on m.user_id = u.id where m.workspace_id = $1 and u.id = $2 and m.is_active',
    [workspaceId, userId],
  );
  return rows[0]?.name ?? null;
}

/** Announces a presence change to every web process (PostgreSQL) or to this one (PGlite). Not stored. */
export async function notifyPresence(database: Database, channel: string, payload: string): Promise<void> {
  await database.query('select pg_notify($1, $2)', [channel, payload]);
}
