import type { ResponseSchema } from './client.ts';

/**
 * Wraps an item schema from contracts into the API's `{ items: [...] }` list shape. Contracts
 * exports page() for cursor pages; plain lists (tags, views) have no schema of their own.
 */
export function itemsOf<Item>(itemSchema: ResponseSchema<Item>): ResponseSchema<{ items: Item[] }> {
  return {
    safeParse(value) {
      if (typeof value !== 'object' || value === null || !('items' in value) || !Array.isArray(value.items)) {
        return { success: false, error: { issues: [{ path: ['items'], message: 'Expected an items array' }] } };
      }
      const rawItems: unknown[] = value.items;
      const items: Item[] = [];
      for (const [index, rawItem] of rawItems.entries()) {
        const parsed = itemSchema.safeParse(rawItem);
        if (!parsed.success) {
          return { success: false, error: { issues: [{ path: ['items', index], issues: parsed.error.issues }] } };
        }
        items.push(parsed.data);
      }
      return { success: true, data: { items } };
    },
  };
}
