import { z } from 'zod';

export const Id = z.uuid();
export const IdParams = z.object({ id: z.uuid() }).strict();
export const Timestamp = z.iso.datetime({ offset: true });

export const PageQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export const Ok = z.object({ ok: z.literal(true) });
