/**
 * Escalation paths (issue 7 part 4, P12): the workspace's ordered escalation levels (tiers, each
 * with a team and/or a named expert), moving a ticket between levels with a hand-off note, and a
 * ticket's escalation history. Level 0 is the first line and has no definition.
 */
import { z } from 'zod';
import { Id, Timestamp } from './common.ts';
import { PersonRef } from './tickets.ts';

/** The shortest hand-off note a person may write: what was tried, what is needed. */
export const minHandOffNoteLength = 20;
export const maxEscalationLevels = 10;

export const EscalationLevelDto = z
  .object({
    id: Id,
    level: z.number().int().min(1).describe('1 = the first escalation tier (0 is the first line)'),
    name: z.string(),
    team: PersonRef.nullable().describe('The team that takes tickets escalated here'),
    expert: PersonRef.nullable().describe('The named expert tickets escalated here are assigned to'),
    onSlaBreach: z.boolean().describe('Tickets one level below move here automatically when an SLA clock of theirs is breached'),
  })
  .meta({ id: 'EscalationLevel' });
export type EscalationLevelDto = z.infer<typeof EscalationLevelDto>;

export const EscalationLevelList = z.object({ items: z.array(EscalationLevelDto) }).meta({ id: 'EscalationLevelList' });
export type EscalationLevelList = z.infer<typeof EscalationLevelList>;

export const EscalationLevelInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    teamId: Id.nullable().optional(),
    expertId: Id.nullable().optional().describe('A member of the workspace'),
    onSlaBreach: z.boolean().default(false),
  })
  .strict()
  .refine((level) => Boolean(level.teamId) || Boolean(level.expertId), { message: 'Name a team or an expert (or both)', path: ['teamId'] });
export type EscalationLevelInput = z.infer<typeof EscalationLevelInput>;

export const PutEscalationLevelsBody = z
  .object({
    levels: z
      .array(EscalationLevelInput)
      .max(maxEscalationLevels)
      .describe('The whole ordered list: the first entry becomes level 1, the next level 2, …; an empty list removes every level'),
  })
  .strict();
export type PutEscalationLevelsBody = z.infer<typeof PutEscalationLevelsBody>;

export const EscalationTrigger = z.enum(['manual', 'sla']);
export type EscalationTrigger = z.infer<typeof EscalationTrigger>;

export const EscalateBody = z
  .object({
    toLevel: z.number().int().min(0).max(maxEscalationLevels).optional().describe('The level to move to; default the next one up. Lower than the current level de-escalates'),
    note: z
      .string()
      .trim()
      .min(minHandOffNoteLength, `Write a real hand-off of at least ${minHandOffNoteLength} characters: what was tried, what is needed`)
      .max(5000)
      .describe('The hand-off note; also added to the ticket as an internal note'),
  })
  .strict();
export type EscalateBody = z.infer<typeof EscalateBody>;

export const TicketEscalationDto = z
  .object({
    id: Id,
    fromLevel: z.number().int(),
    toLevel: z.number().int(),
    levelName: z.string().nullable().describe("The target level's current name (null for the first line or a level no longer defined)"),
    team: PersonRef.nullable(),
    expert: PersonRef.nullable(),
    note: z.string(),
    trigger: EscalationTrigger,
    actor: PersonRef.nullable().describe('Who moved it; null for an SLA-triggered escalation (or a former member)'),
    createdAt: Timestamp,
  })
  .meta({ id: 'TicketEscalation' });
export type TicketEscalationDto = z.infer<typeof TicketEscalationDto>;

export const TicketEscalations = z
  .object({
    level: z.number().int().describe("The ticket's current escalation level (0 = first line)"),
    levelName: z.string().nullable(),
    nextLevel: z.number().int().nullable().describe('The level "Escalate" moves to by default; null at the top'),
    items: z.array(TicketEscalationDto).describe('Newest first'),
  })
  .meta({ id: 'TicketEscalations' });
export type TicketEscalations = z.infer<typeof TicketEscalations>;
