import { AppError } from './errors.ts';

/** Opaque keyset cursor for every paginated list: the sort values and id of the last row of the previous page. */
export interface KeysetCursor {
  values: (string | number)[];
  id: string;
}

export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify([cursor.values, cursor.id])).toString('base64url');
}

export function decodeCursor(raw: string): KeysetCursor {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      Array.isArray(parsed[0]) &&
      parsed[0].every((value) => typeof value === 'string' || typeof value === 'number') &&
      typeof parsed[1] === 'string' &&
      /^[0-9a-f-]{36}$/i.test(parsed[1])
    ) {
      return { values: parsed[0] as (string | number)[], id: parsed[1] }; // shape checked just above
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('VALIDATION_FAILED', { message: 'The cursor is not valid; start again from the first page.' });
}
