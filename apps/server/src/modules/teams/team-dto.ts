import type { TeamDto } from '@rapport/contracts/people';
import type { DbOrTx } from '@rapport/db/database';
import { listTeamMembers } from './teams.queries.ts';

/** Adds each team's members (by name) to the team rows; one query for the lot. */
export async function withMembers(db: DbOrTx, workspaceId: string, rows: readonly { id: string; name: string }[]): Promise<TeamDto[]> {
  const members = await listTeamMembers(db, workspaceId, rows.map((row) => row.id));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    members: members.filter((member) => member.teamId === row.id).map((member) => ({ id: member.id, name: member.name })),
  }));
}

export async function withMembersOf(db: DbOrTx, workspaceId: string, row: { id: string; name: string }): Promise<TeamDto> {
  const [team] = await withMembers(db, workspaceId, [row]);
  return team ?? { ...row, members: [] };
}
