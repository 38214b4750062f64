import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoachResponse } from '@rapport/contracts/coach';
import { fixedClock } from '../../platform/clock.ts';
import { bearer, buildWorkspace, type WorkspaceFixture } from '../../../../../tests/support/factories.ts';
import { startTestRapport, type TestRapport } from '../../../../../tests/support/rapport.ts';

let rapport: TestRapport;
let shop: WorkspaceFixture;

beforeAll(async () => {
  rapport = await startTestRapport({ clock: fixedClock(new Date('2026-06-10T09:00:00Z')) });
  shop = await buildWorkspace(rapport.deps);
});
afterAll(async () => {
  await rapport.stop();
});

const coach = (payload: object) => rapport.app?.inject({ method: 'POST', url: '/api/v1/coach', headers: bearer(shop.agent), payload });

describe('POST /api/v1/coach', () => {
  it('flags unanswered questions and repeated apologies, and resolves promises against the server clock', async () => {
    const response = await coach({
      draft: "Sorry about that. I'm so sorry for the trouble, we apologise. I'll call you tomorrow at 10am.",
      conversation: [{ from: 'customer', text: 'My order 1182 arrived broken. Can you send a replacement? Also, when will the refund for the first one arrive?' }],
      settings: { timeZone: 'Europe/Dublin' },
    });
    expect(response?.statusCode).toBe(200);
    const body = response?.json() as CoachResponse;
    expect(body.apologies).toBeGreaterThanOrEqual(2);
    expect(body.findings.map((finding) => finding.rule)).toEqual(expect.arrayContaining(['apology-count', 'unanswered-question']));
    expect(body.questions.some((question) => !question.answered)).toBe(true);
    const promise = body.commitments.find((commitment) => commitment.text.includes('call you'));
    expect(promise?.due).toBe('2026-06-11T09:00:00.000Z'); // 10:00 Irish summer time
  });

  it('refuses a malformed request with the error shape', async () => {
    const response = await coach({ draft: 'Hi', conversation: [{ from: 'robot', text: 'x' }] });
    expect(response?.statusCode).toBe(400);
    expect(response?.json().error.code).toBe('VALIDATION_FAILED');
  });
});
