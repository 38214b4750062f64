import { describe, expect, it } from 'vitest';
import type { WebhookEndpointDto } from '@rapport/contracts/webhooks';
import { bodyFromWebhookForm, canRetry, deliveryTone, emptyWebhookForm, formFromWebhook, hasFormErrors, hasPendingDelivery, patchFromWebhookForm, toggleTopic, topicLabelKey, webhookFormErrors } from './webhook-form.ts';

const endpoint: WebhookEndpointDto = {
  id: '00000000-0000-4000-8000-000000000001',
  url: 'https://shop.example.com/hooks',
  description: 'Refunds',
  topics: ['resolution_action.approved', 'sla.breached'],
  enabled: true,
  secret: 'whsec_abc',
  lastDelivery: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

describe('webhook form', () => {
  it('checks the URL like the server and asks for a topic', () => {
    const form = emptyWebhookForm();
    expect(webhookFormErrors(form)).toEqual({ url: 'required', topics: false });
    expect(webhookFormErrors({ ...form, url: 'ftp://shop.example.com' }).url).toBe('scheme');
    expect(webhookFormErrors({ ...form, url: 'https://me:pw@shop.example.com' }).url).toBe('credentials');
    expect(webhookFormErrors({ ...form, url: 'shop.example.com' }).url).toBe('invalid');
    expect(webhookFormErrors({ ...form, url: `https://shop.example.com/${'x'.repeat(2000)}` }).url).toBe('tooLong');
    expect(webhookFormErrors({ ...form, url: ' https://shop.example.com/hooks ', topics: [] })).toEqual({ url: null, topics: true });
    expect(hasFormErrors(webhookFormErrors({ ...form, url: 'https://shop.example.com/hooks' }))).toBe(false);
  });

  it('toggles topics in the catalogue order', () => {
    expect(toggleTopic(['ticket.created'], 'resolution_action.approved')).toEqual(['resolution_action.approved', 'ticket.created']);
    expect(toggleTopic(['resolution_action.approved', 'ticket.created'], 'resolution_action.approved')).toEqual(['ticket.created']);
  });

  it('makes a trimmed body and a patch of only what changed', () => {
    expect(bodyFromWebhookForm({ url: ' https://a.example/x ', description: ' Hi ', topics: ['ticket.created'], enabled: false })).toEqual({
      url: 'https://a.example/x',
      description: 'Hi',
      topics: ['ticket.created'],
      enabled: false,
    });
    const form = formFromWebhook(endpoint);
    expect(patchFromWebhookForm(form, endpoint)).toBeNull();
    expect(patchFromWebhookForm({ ...form, enabled: false, topics: toggleTopic(form.topics, 'sla.breached') }, endpoint)).toEqual({ enabled: false, topics: ['resolution_action.approved'] });
  });

  it('labels topics and statuses, and retries only undelivered deliveries', () => {
    expect(topicLabelKey('resolution_action.approved')).toBe('webhooks.topic.resolutionApproved');
    expect(topicLabelKey('webhook.test')).toBe('webhooks.topic.test');
    expect(topicLabelKey('something.else')).toBeNull();
    expect(deliveryTone('delivered')).toBe('status-solved');
    expect(deliveryTone('failed')).toBe('priority-urgent');
    expect(canRetry({ status: 'failed' })).toBe(true);
    expect(canRetry({ status: 'pending' })).toBe(true);
    expect(canRetry({ status: 'delivered' })).toBe(false);
    expect(hasPendingDelivery([{ status: 'delivered' }, { status: 'pending' }])).toBe(true);
    expect(hasPendingDelivery([{ status: 'failed' }])).toBe(false);
  });
});
