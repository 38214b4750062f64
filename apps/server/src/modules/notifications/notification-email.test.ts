import { describe, expect, it } from 'vitest';
import { buildNotificationEmail, oneLine, type NotificationEmailInput } from './notification-email.ts';
import { appBaseUrl, effectiveEmailSettings, notificationEmailDecision, type NotificationEmailFacts } from './notification-email-rules.ts';

const input = (overrides: Partial<NotificationEmailInput> = {}): NotificationEmailInput => ({
  kind: 'assigned',
  data: { number: 123, subject: 'Parcel late', actorName: 'Alice Agent' },
  ticketNumber: 123,
  ticketSubject: 'Parcel late',
  workspaceName: 'Acme',
  recipientName: 'Bob',
  ticketUrl: 'https://help.acme.test/tickets/123',
  settingsUrl: 'https://help.acme.test/preferences#notifications',
  ...overrides,
});

describe('buildNotificationEmail', () => {
  it('an assignment: subject with the ticket number, who assigned it, the absolute link and the footer in text and HTML', () => {
    const email = buildNotificationEmail(input());
    expect(email.subject).toBe('[#123] Assigned to you: Parcel late');
    expect(email.text).toContain('Hello Bob,');
    expect(email.text).toContain('Alice Agent assigned ticket #123 to you.');
    expect(email.text).toContain('Open the ticket: https://help.acme.test/tickets/123');
    expect(email.text).toContain('https://help.acme.test/preferences#notifications');
    expect(email.text).toMatch(/notification settings/);
    expect(email.html).toContain('<a href="https://help.acme.test/tickets/123">Open ticket #123</a>');
    expect(email.html).toContain('href="https://help.acme.test/preferences#notifications"');
  });

  it('an assignment without a person (routing) says so without a name', () => {
    expect(buildNotificationEmail(input({ data: { number: 123 } })).text).toContain('Ticket #123 was assigned to you.');
  });

  it('escapes everything people wrote in the HTML and keeps header injection out of the subject', () => {
    const email = buildNotificationEmail(
      input({
        kind: 'customer_replied',
        ticketSubject: 'Hi\r\nBcc: victim@example.test <script>alert(1)</script>',
        data: { actorName: '<img src=x onerror=alert(1)>', excerpt: '<b>bold</b> & "quoted"' },
      }),
    );
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toBe('[#123] New reply from <img src=x onerror=alert(1)>: Hi Bcc: victim@example.test <script>alert(1)</script>');
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img');
    expect(email.html).not.toContain('<b>bold');
    expect(email.html).toContain('&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;');
    expect(email.text).toContain('> <b>bold</b> & "quoted"');
  });

  it('shows customer text only as a short excerpt', () => {
    const long = `${'word '.repeat(400)}END`;
    const email = buildNotificationEmail(input({ kind: 'customer_replied', data: { actorName: 'Dana', excerpt: long } }));
    expect(email.text).not.toContain('END');
    const quoted = email.text.split('\n').find((line) => line.startsWith('> '))!;
    expect(quoted.length).toBeLessThanOrEqual(302);
    expect(quoted.endsWith('…')).toBe(true);
  });

  it('words each kind, with a generic line for an unknown one', () => {
    expect(buildNotificationEmail(input({ kind: 'mention', data: { actorName: 'Carol', excerpt: 'can you check?' } })).subject).toBe('[#123] Carol mentioned you: Parcel late');
    expect(buildNotificationEmail(input({ kind: 'approval_requested', data: { actorName: 'Dan', action: 'refund', amount: '25.00', currency: 'EUR', reason: 'Broken' } })).text).toContain(
      'Dan asks you to approve a refund of 25.00 EUR on ticket #123.',
    );
    expect(buildNotificationEmail(input({ kind: 'approval_decided', data: { actorName: 'Lea', decision: 'rejected', note: 'Too much' } })).subject).toBe('[#123] Your request was rejected: Parcel late');
    expect(buildNotificationEmail(input({ kind: 'something_new', data: {} })).subject).toBe('[#123] Update: Parcel late');
    expect(buildNotificationEmail(input({ ticketSubject: '   ' })).subject).toBe('[#123] Assigned to you: (no subject)');
  });

  it('cuts long one-line values and drops control characters', () => {
    expect(oneLine('a\u0000b\u2028c', 10)).toBe('a b c');
    expect(oneLine('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(oneLine({ not: 'text' }, 10)).toBe('');
  });
});

describe('notification email rules', () => {
  const facts = (overrides: Partial<NotificationEmailFacts> = {}): NotificationEmailFacts => ({
    kind: 'assigned',
    recipientId: 'u1',
    actorId: 'u2',
    membership: { isActive: true },
    choice: undefined,
    hasFromAddress: true,
    sentInLastHour: 0,
    hourlyLimit: 60,
    ...overrides,
  });

  it('sends by default for personal kinds, not for follower chatter', () => {
    expect(notificationEmailDecision(facts())).toEqual({ send: true });
    expect(notificationEmailDecision(facts({ kind: 'note' }))).toEqual({ send: false, reason: 'preference' });
    expect(notificationEmailDecision(facts({ kind: 'note', choice: true }))).toEqual({ send: true });
    expect(notificationEmailDecision(facts({ choice: false }))).toEqual({ send: false, reason: 'preference' });
  });

  it('never to the actor, a deactivated member or a non-member; not over the hourly limit', () => {
    expect(notificationEmailDecision(facts({ actorId: 'u1' }))).toEqual({ send: false, reason: 'actor' });
    expect(notificationEmailDecision(facts({ membership: { isActive: false } }))).toEqual({ send: false, reason: 'inactive' });
    expect(notificationEmailDecision(facts({ membership: null }))).toEqual({ send: false, reason: 'not_member' });
    expect(notificationEmailDecision(facts({ sentInLastHour: 60 }))).toEqual({ send: false, reason: 'hourly_limit' });
    expect(notificationEmailDecision(facts({ sentInLastHour: 59 }))).toEqual({ send: true });
    expect(notificationEmailDecision(facts({ hasFromAddress: false }))).toEqual({ send: false, reason: 'no_from_address' });
    expect(notificationEmailDecision(facts({ kind: 'unheard_of' }))).toEqual({ send: false, reason: 'unknown_kind' });
  });

  it('lists every kind with the choice or the default', () => {
    const settings = effectiveEmailSettings(new Map([['note', true], ['assigned', false]]));
    expect(settings.find((item) => item.kind === 'note')).toEqual({ kind: 'note', isEnabled: true, isDefault: false, defaultEnabled: false });
    expect(settings.find((item) => item.kind === 'assigned')).toEqual({ kind: 'assigned', isEnabled: false, isDefault: false, defaultEnabled: true });
    expect(settings.find((item) => item.kind === 'mention')).toEqual({ kind: 'mention', isEnabled: true, isDefault: true, defaultEnabled: true });
  });

  it('links to RAPPORT_PUBLIC_URL, else to localhost on the port', () => {
    expect(appBaseUrl({ publicUrl: 'https://help.acme.test/', port: 3000 })).toBe('https://help.acme.test');
    expect(appBaseUrl({ publicUrl: undefined, port: 8080 })).toBe('http://localhost:8080');
  });
});
