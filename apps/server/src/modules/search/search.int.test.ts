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

  it('treats search syntax in the query as text, not as an error', async () => {
    const result = await search(shop.agent, `q=${encodeURIComponent('"espresso machine" -grinder OR (((')}`);
    expect(result.hits.map((hit) => hit.subject)).toContain('Espresso machine leaking');
  });
});
