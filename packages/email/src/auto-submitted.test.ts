import { describe, expect, it } from 'vitest';
import { detectAutoSubmitted, isOutOfOfficeSubject } from './auto-submitted.ts';

const detect = (headers: Record<string, string>, subject = 'Hello', isBounce = false) => detectAutoSubmitted({ headers, subject, isBounce });

describe('detectAutoSubmitted', () => {
  it('reads Auto-Submitted', () => {
    expect(detect({ 'auto-submitted': 'auto-replied' })).toBe('auto-replied');
    expect(detect({ 'auto-submitted': 'auto-generated' })).toBe('auto-generated');
    expect(detect({ 'auto-submitted': 'auto-notified' })).toBe('auto-notified');
    expect(detect({ 'auto-submitted': 'no' })).toBeNull();
    expect(detect({ 'auto-submitted': 'auto-replied' }, 'Out of Office: back Monday')).toBe('out-of-office');
  });

  it('reads Precedence, X-Autoreply, X-Autorespond and X-Auto-Response-Suppress', () => {
    expect(detect({ precedence: 'bulk' })).toBe('bulk');
    expect(detect({ precedence: 'junk' })).toBe('bulk');
    expect(detect({ precedence: 'list' })).toBe('list');
    expect(detect({ precedence: 'auto_reply' })).toBe('auto-replied');
    expect(detect({ 'x-autoreply': 'yes' })).toBe('auto-replied');
    expect(detect({ 'x-autorespond': 'yes' })).toBe('auto-replied');
    expect(detect({ 'x-auto-response-suppress': 'All' })).toBe('auto-generated');
    expect(detect({ 'x-auto-response-suppress': 'OOF, AutoReply' })).toBe('auto-generated');
  });

  it('treats List-Id and List-Unsubscribe as a list', () => {
    expect(detect({ 'list-id': '<news.example.com>' })).toBe('list');
    expect(detect({ 'list-unsubscribe': '<mailto:u@example.com>' })).toBe('list');
  });

  it('recognises out-of-office subjects in several languages', () => {
    for (const subject of ['Automatic reply: order', 'Abwesenheitsnotiz: Bestellung', 'Réponse automatique : commande', 'Respuesta automática: pedido', 'Risposta automatica: ordine', 'Automatisch antwoord: bestelling', 'Автоответ: заказ', '自动回复: 订单']) {
      expect(isOutOfOfficeSubject(subject), subject).toBe(true);
      expect(detect({}, subject)).toBe('out-of-office');
    }
    expect(isOutOfOfficeSubject('Where is my order?')).toBe(false);
  });

  it('puts bounces first and leaves a person alone', () => {
    expect(detect({ precedence: 'bulk' }, 'x', true)).toBe('bounce');
    expect(detect({ 'x-mailer': 'Thunderbird' })).toBeNull();
  });
});
