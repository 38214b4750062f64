/** Registers `rapport email import`; the importer (server, database, storage) loads only when it runs. */
import type { Command } from 'commander';
import type { WithDatabase } from './email-import.ts';

export function registerEmailImport(email: Command, helpers: { withDatabase: WithDatabase; print: (line: string) => void }): void {
  email
    .command('import')
    .description(
      'Receive every message of an mbox file or a folder of .eml files into a workspace (idempotent). ' +
        'The worker threads them. Embedded database: stop the server first, or use DATABASE_URL.',
    )
    .argument('<path>', 'an mbox file, or a folder of .eml files')
    .requiredOption('--workspace <slug>', 'the workspace that receives the messages')
    .action(async (path: string, options: { workspace: string }) => {
      const { runEmailImportCommand } = await import('./email-import.ts');
      await runEmailImportCommand(path, options, helpers);
    });
}
