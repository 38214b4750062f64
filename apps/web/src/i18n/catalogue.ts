/**
 * Every section of the message catalogue, merged. Add a module's `messages.ts` here; a key used twice
 * fails the catalogue test.
 */
import { commonMessages } from './common-messages.ts';

export const catalogueSections = { common: commonMessages } as const;

export const catalogue = { ...commonMessages } as const;

export type MessageKey = keyof typeof catalogue;
