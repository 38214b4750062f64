import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchResult } from '@rapport/contracts/search';
import { addNote } from '../tickets/add-note.ts';
import { bearer, buildTicket, buildWorkspace, type WorkspaceFixture } from '../../../../../tests/support/factories.ts';
import { startTestRapport, type TestRapport } from '../../../../../tests/support/rapport.ts';

let rapport: TestRapport;
let shop: WorkspaceFixture;
let other: WorkspaceFixture;

async function search(member: WorkspaceFixture['agent'], query: string): Promise<SearchResult> {
  const response = await rapport.app?.inject({ method: 'GET', url: `/api/v1/search?${query}`, headers: bearer(member) });
  if (!response || response.statusCode !== 200) throw new Error(`search failed: ${response?.statusCode} ${response?.body}`);
  return response.json() as SearchResult;
}

beforeAll(async () => {
  rapport = await startTestRapport();
  shop = await buildWorkspace(rapport.deps);
  other = await buildWorkspace(rapport.deps);
  await buildTicket(rapport.deps, shop.agent.actor, { subject: 'Espresso machine leaking', text: 'Water pools under the boiler every morning.', tags: ['warranty'] });
  const grinder = await buildTicket(rapport.deps, shop.agent.actor, { subject: 'Question about grinders', text: 'Which grinder suits an espresso machine for home use?' });
  await buildTicket(rapport.deps, shop.agent.actor, { subject: 'Invoice needed', text: 'Please send the invoice for order 4411.', assigneeId: shop.lead.id });
  await addNote(rapport.deps, shop.agent.actor, String(grinder.number), { text: 'Supplier confirms the conical burr model is back in stock.' });
  await buildTicket(rapport.deps, other.agent.actor, { subject: 'Espresso machine broken', text: 'Another workspace entirely.' });
  const phoned = await buildTicket(rapport.deps, shop.agent.actor, { subject: 'Kettle whistle too loud', text: 'Called about the kettle.', channel: 'phone' });
  await buildTicket(rapport.deps, shop.agent.actor, { subject: 'Kettle lid stuck', text: 'The kettle lid will not open.', channel: 'email' });
  // An old ticket: created on 2024-03-10 (UTC).
  await rapport.database.query("update tickets set created_at = '2024-03-10T12:00:00Z' where id = $1", [phoned.id]);
});
afterAll(async () => {
  await rapport.stop();
});

describe('search', () => {
  it('ranks subject matches first and highlights the matched words', async () => {
    const result = await search(shop.agent, 'q=espresso%20machines');
    expect(result.hits.map((hit) => hit.subject)).toEqual(['Espresso machine leaking', 'Question about grinders']);
    expect(result.hits[0]).toMatchObject({ matchedIn: 'subject' });
    expect(result.hits[0]?.snippet).toContain('«Espresso»');
    expect(result.hits[1]).toMatchObject({ matchedIn: 'message' });
  });

  it('finds internal notes and stems words', async () => {
    const result = await search(shop.agent, 'q=confirmed%20supplier');
    expect(result.hits).toHaveLength(1);
    expect(result.hits[0]).toMatchObject({ subject: 'Question about grinders', matchedIn: 'note' });
  });

  it('applies filters and never returns another workspace', async () => {
    expect((await search(shop.agent, 'q=espresso&tag=warranty')).hits.map((hit) => hit.subject)).toEqual(['Espresso machine leaking']);
    expect((await search(shop.agent, `q=invoice&assignee=${shop.lead.id}`)).hits).toHaveLength(1);
    expect((await search(shop.agent, 'q=invoice&assignee=none')).hits).toHaveLength(0);
    expect((await search(other.agent, 'q=espresso')).hits.map((hit) => hit.subject)).toEqual(['Espresso machine broken']);
  });

  it('filters by channel, creation date range and status together', async () => {
    expect((await search(shop.agent, 'q=kettle&channel=phone')).hits.map((hit) => hit.subject)).toEqual(['Kettle whistle too loud']);
    expect((await search(shop.agent, 'q=kettle&channel=email')).hits.map((hit) => hit.subject)).toEqual(['Kettle lid stuck']);
    expect((await search(shop.agent, 'q=kettle&createdFrom=2024-03-10&createdTo=2024-03-10')).hits.map((hit) => hit.subject)).toEqual(['Kettle whistle too loud']);
    expect((await search(shop.agent, 'q=kettle&createdTo=2024-03-09')).hits).toEqual([]);
    expect((await search(shop.agent, 'q=kettle&createdFrom=2024-03-11')).hits.map((hit) => hit.subject)).toEqual(['Kettle lid stuck']);
    expect((await search(shop.agent, 'q=kettle&status=solved')).hits).toEqual([]);
    const refused = await rapport.app?.inject({ method: 'GET', url: '/api/v1/search?q=kettle&createdFrom=yesterday', headers: bearer(shop.agent) });
    expect(refused?.statusCode).toBe(400);
  });

  it('treats search syntax in the query as text, not as an error', async () => {
    const result = await search(shop.agent, `q=${encodeURIComponent('"espresso machine" -grinder OR (((')}`);
    expect(result.hits.map((hit) => hit.subject)).toContain('Espresso machine leaking');
  });
});
