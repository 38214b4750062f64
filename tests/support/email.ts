/**
 * Shared email test setup: a workspace with a default support address and its email settings.
 */
import { loadEmailSettings } from '../../apps/server/src/modules/email/email-settings.ts';
import { buildWorkspace, type WorkspaceFixture } from './factories.ts';
import type { TestRapport } from './rapport.ts';

export interface EmailShop {
  workspace: WorkspaceFixture;
  address: string;
  domain: string;
  secret: string;
}

/** A workspace with `support@<slug>.shop.test` as its default address (and its settings row). */
export async function buildEmailShop(rapport: TestRapport, options: { subjectThreading?: boolean } = {}): Promise<EmailShop> {
  const workspace = await buildWorkspace(rapport.deps);
  const domain = `${workspace.slug}.shop.test`;
  const address = `support@${domain}`;
  await rapport.database.query('insert into email_addresses (workspace_id, address, display_name, is_default) values ($1, $2, $3, true)', [
    workspace.id,
    address,
    'Shop support',
  ]);
  const settings = await loadEmailSettings(rapport.deps.db, workspace.id);
  if (options.subjectThreading) {
    await rapport.database.query('update email_settings set subject_threading = true where workspace_id = $1', [workspace.id]);
  }
  return { workspace, address, domain, secret: settings.signingSecret };
}
