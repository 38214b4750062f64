import type { Database, Db } from '@rapport/db/database';
import type { Storage } from '@rapport/storage/storage';
import type { Config } from '../config.ts';
import type { Clock } from './clock.ts';
import type { Logger } from './logger.ts';
import type { MailJournal } from './mail-journal.ts';

/** What use cases get from the composition root. */
export interface AppDeps {
  readonly config: Config;
  readonly database: Database;
  readonly db: Db;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly storage: Storage;
  /** Embedded mode only: the fsynced log of received raw mail, replayed after a restore. */
  readonly mailJournal: MailJournal | null;
}
