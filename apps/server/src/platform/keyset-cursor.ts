import { AppError } from './errors.ts';

/** Opaque keyset cursor for every paginated list: the sort values and id of the last row of the previous page. */
export interface KeysetCursor {
  values: (string | number)[];
  id: string;
}

function invalidCursor(): AppError {
  return new AppError('VALIDATION_FAILED', { message: 'The cursor is not valid; start again from the first page.' });
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
  throw invalidCursor();
}

/** A cursor over one text sort value (e.g. a name) and the id. */
export function decodeTextCursor(raw: string): { value: string; id: string } {
  const cursor = decodeCursor(raw);
  const [value] = cursor.values;
  if (cursor.values.length !== 1 || typeof value !== 'string') throw invalidCursor();
  return { value, id: cursor.id };
}

/** A cursor over one timestamp sort value and the id. */
export function decodeTimestampCursor(raw: string): KeysetCursor {
  const cursor = decodeCursor(raw);
  const [value] = cursor.values;
  if (cursor.values.length !== 1 || typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw invalidCursor();
  return cursor;
}

/**
 * Turns `limit + 1` fetched rows into one page: the extra row only says there is more, and the
 * next cursor is built from the last row shown.
 */
export function toPage<Row, Item>(rows: Row[], limit: number, map: (rows: Row[]) => Item[], cursorOf: (row: Row) => KeysetCursor) {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return { items: map(pageRows), nextCursor: hasMore && last ? encodeCursor(cursorOf(last)) : null };
}
