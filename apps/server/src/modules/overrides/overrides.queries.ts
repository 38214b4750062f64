/** SQL of the decision overrides (P7): the rows a person's override of an automatic decision leaves. */
import { decisionOverrides } from '@rapport/db/schema';
import type { DbOrTx } from '@rapport/db/database';

export type DecisionOverrideRow = typeof decisionOverrides.$inferSelect;
export type NewDecisionOverride = typeof decisionOverrides.$inferInsert;

export async function insertDecisionOverride(tx: DbOrTx, row: NewDecisionOverride): Promise<DecisionOverrideRow> {
  const [inserted] = await tx.insert(decisionOverrides).values(row).returning();
  return inserted!;
}
