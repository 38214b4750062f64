import { z } from 'zod';
import { Id } from './common.ts';

/** POST /api/v1/customers/:id/merge — the customer in the path survives; `sourceId` is the duplicate. */
export const MergeCustomerBody = z
  .object({ sourceId: Id.describe('The duplicate customer: its identities, tickets and messages move to the survivor') })
  .strict();
export type MergeCustomerBody = z.infer<typeof MergeCustomerBody>;
