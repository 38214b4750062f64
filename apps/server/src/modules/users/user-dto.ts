import type { UserDto } from '@rapport/contracts/people';
import type { MemberRow } from './users.queries.ts';

export function toUserDto(row: MemberRow, teamIds: readonly string[]): UserDto {
  return { id: row.id, name: row.name, email: row.email, role: row.role, languages: row.languages, isActive: row.isActive, teamIds: [...teamIds] };
}
