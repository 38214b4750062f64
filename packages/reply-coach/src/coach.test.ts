import { describe, expect, it } from 'vitest';
import type { CoachInput, CoachOutput, RuleId } from './coach-types.ts';
import { coachReply } from './coach.ts';

function coach(draft: string, customerText = 'Hi, my order has not arrived yet.', extra: Partial<CoachInput> = {}): CoachOutput {
  return coachReply({ draft, conversation: [{ from: 'customer', text: customerText }], ...extra });
}

function rules(output: CoachOutput, rule: RuleId): CoachOutput['findings'] {
  return output.findings.filter((finding) => finding.rule === rule);
}

const CALM_REPLY = 'Hi Sam, thanks for letting us know. Your parcel left our warehouse today and should reach you on Thursday.';

describe('unanswered-question', () => {
  it('lists a question the draft does not answer', () => {
    const output = coach('Thanks for writing. Your parcel is on its way.', 'Where is my parcel? Also, what is your phone number?');
    const unanswered = output.questions.filter((question) => !question.answered).map((question) => question.text);
    expect(unanswered).toEqual(['Also, what is your phone number?']);
    expect(rules(output, 'unanswered-question')).toHaveLength(1);
  });

  it('counts a request without a question mark', () => {
    const output = coach('Thanks for your patience, the parcel is on its way.', 'The parcel is late. Please send me the invoice for it.');
    expect(output.questions.map((question) => question.text)).toContain('Please send me the invoice for it.');
    expect(output.questions.find((question) => question.text.startsWith('Please'))?.answered).toBe(false);
  });

  it('treats a typed answer and an acknowledgement as answered', () => {
    const output = coach(
      'Thanks for asking. You can call us on 020 7946 0018. I will check the invoice with our billing team today.',
      'What is your phone number? Please send me the invoice.',
    );
    expect(output.questions.every((question) => question.answered)).toBe(true);
    expect(rules(output, 'unanswered-question')).toHaveLength(0);
    const first = output.questions[0];
    expect(first?.answerStart).toBeGreaterThanOrEqual(0);
  });

  it('only asks about customer messages after the last agent reply', () => {
    const output = coachReply({
      draft: 'Thanks, the refund went out this morning.',
      conversation: [
        { from: 'customer', text: 'What is your address?' },
        { from: 'agent', text: 'Our address is 12 Mill Lane.' },
        { from: 'customer', text: 'Great. When will the refund arrive?' },
      ],
    });
    expect(output.questions.map((question) => question.fromMessage)).toEqual([2]);
  });
});

describe('apology-count', () => {
  it('marks every apology after the first', () => {
    const draft = "I'm sorry about the delay. Sorry again, and apologies for the trouble.";
    const output = coach(draft);
    expect(output.apologies).toBe(3);
    const extra = rules(output, 'apology-count');
    expect(extra.map((finding) => draft.slice(finding.start, finding.end))).toEqual(['Sorry', 'apologies']);
  });

  it('accepts one sincere apology', () => {
    const output = coach("I'm sorry the parcel was late. Thanks for waiting; it arrives tomorrow.");
    expect(output.apologies).toBe(1);
    expect(rules(output, 'apology-count')).toHaveLength(0);
  });
});

describe('ownership', () => {
  const ourMistake = { ticket: { ourMistake: true } };

  it('asks for an apology and ownership when neither is there', () => {
    const finding = rules(coach('Thanks for writing. A new parcel goes out today.', undefined, ourMistake), 'ownership')[0];
    expect(finding?.message).toMatch(/our mistake/i);
  });

  it('asks for a remedy when the mistake is owned but nothing is done', () => {
    const finding = rules(coach("Thanks for telling us. This was our mistake, and I'm sorry.", undefined, ourMistake), 'ownership')[0];
    expect(finding?.message).toMatch(/put it right/);
  });

  it('is quiet when the draft owns the mistake and fixes it', () => {
    const draft = "Thanks for telling us. We sent the wrong size, and I'm sorry. I've sent the right one today by express post.";
    expect(rules(coach(draft, undefined, ourMistake), 'ownership')).toHaveLength(0);
  });

  it('does not run when the ticket is not marked as our mistake', () => {
    expect(rules(coach('Thanks for writing. A new parcel goes out today.'), 'ownership')).toHaveLength(0);
  });
});

describe('dismissive', () => {
  it('flags hiding behind policy', () => {
    const draft = "Thanks for asking. Unfortunately that's our policy and there is nothing we can do.";
    const findings = rules(coach(draft), 'dismissive');
    expect(findings.length).toBeGreaterThan(0);
    expect(findings[0]?.suggestion).toMatch(/can do/);
  });

  it('is quiet when the draft says what can be done', () => {
    const draft = "We can't refund opened items, but what I can do is send you a free replacement today.";
    expect(rules(coach(draft), 'dismissive')).toHaveLength(0);
  });

  it('is quiet on a helpful reply', () => {
    expect(rules(coach(CALM_REPLY), 'dismissive')).toHaveLength(0);
  });
});

describe('defensive', () => {
  it('flags blaming phrases', () => {
    const draft = 'As I already explained, you should have checked the size chart.';
    const spans = rules(coach(draft), 'defensive').map((finding) => draft.slice(finding.start, finding.end));
    expect(spans).toEqual(['As I already explained', 'you should have checked']);
  });

  it('is quiet on a neutral explanation', () => {
    expect(rules(coach('The size chart is on the product page; I have linked it below.'), 'defensive')).toHaveLength(0);
  });

  it('is quiet on "you should have received" and on empathy', () => {
    const draft = 'You should have received a label by email. You must have been so worried when it did not arrive.';
    expect(rules(coach(draft), 'defensive')).toHaveLength(0);
  });
});

describe('jargon', () => {
  it('flags built-in jargon with a plain alternative', () => {
    const finding = rules(coach('Please use the RMA to send it back.'), 'jargon')[0];
    expect(finding?.suggestion).toBe('return number');
  });

  it('uses the workspace glossary and leaves ordinary words alone', () => {
    const output = coach('Your plan is in the portal.', undefined, {
      settings: { glossary: [{ term: 'portal', plain: 'your account page' }] },
    });
    expect(rules(output, 'jargon').map((finding) => finding.suggestion)).toEqual(['your account page']);
    expect(rules(coach('The eta of the parcel is Tuesday in Spanish: "está".'), 'jargon')).toHaveLength(0);
  });
});

describe('readability', () => {
  it('flags a long sentence and reports a grade for English', () => {
    const longSentence =
      'We have looked into the matter that you raised with us last week and after checking with our warehouse team and the courier we believe that the parcel was delayed because of the address label being damaged in transit.';
    const output = coach(longSentence);
    expect(output.readability.longSentences).toBe(1);
    expect(output.readability.grade).not.toBeNull();
    expect(rules(output, 'readability').length).toBeGreaterThan(0);
  });

  it('is quiet on short plain sentences', () => {
    const output = coach(CALM_REPLY);
    expect(output.readability.longSentences).toBe(0);
    expect(rules(output, 'readability')).toHaveLength(0);
  });

  it('gives no grade for a draft in another language', () => {
    const output = coach('Vielen Dank für Ihre Nachricht. Ihr Paket ist heute unterwegs und kommt am Donnerstag an.', 'Wo ist mein Paket?');
    expect(output.readability.grade).toBeNull();
  });
});

describe('language-mismatch', () => {
  it('warns when the draft language differs from the customer language', () => {
    const output = coach(CALM_REPLY, 'Hallo, wo ist meine Bestellung? Ich warte schon seit zwei Wochen darauf.');
    expect(output.language).toEqual({ draft: 'en', customer: 'de' });
    expect(rules(output, 'language-mismatch')).toHaveLength(1);
  });

  it('prefers the ticket language and is quiet when they match', () => {
    const output = coach(CALM_REPLY, 'ok', { ticket: { customerLanguage: 'en' } });
    expect(output.language.customer).toBe('en');
    expect(rules(output, 'language-mismatch')).toHaveLength(0);
  });
});

describe('missing-thanks', () => {
  it('suggests thanks when there is none', () => {
    expect(rules(coach('Your parcel left today and arrives on Thursday.'), 'missing-thanks')).toHaveLength(1);
  });

  it('is quiet when the draft thanks the customer', () => {
    expect(rules(coach(CALM_REPLY), 'missing-thanks')).toHaveLength(0);
  });
});

describe('unchanged-macro', () => {
  const macroText = 'Hi {{name}}, thanks for reaching out. Your request has been received and we will reply soon.';

  it('flags a macro sent nearly word for word', () => {
    const draft = 'Hi there, thanks for reaching out. Your request has been received and we will reply soon.';
    const output = coach(draft, 'My blue kettle arrived with a cracked lid.', { ticket: { macroText, customerName: 'Priya Shah' } });
    expect(rules(output, 'unchanged-macro')).toHaveLength(1);
  });

  it('flags an unfilled placeholder', () => {
    const draft = 'Hi {{name}}, thanks for reaching out.';
    const finding = rules(coach(draft), 'unchanged-macro')[0];
    expect(finding && draft.slice(finding.start, finding.end)).toBe('{{name}}');
  });

  it('is quiet when the macro is personalised', () => {
    const draft = 'Hi Priya, thanks for reaching out about the cracked kettle lid. A new lid goes out today and we will reply soon.';
    const output = coach(draft, 'My blue kettle arrived with a cracked lid.', { ticket: { macroText, customerName: 'Priya Shah' } });
    expect(rules(output, 'unchanged-macro')).toHaveLength(0);
  });
});

describe('robotic-phrase', () => {
  it('flags template empathy', () => {
    const draft = 'We apologize for any inconvenience this may have caused. Please do not hesitate to contact us.';
    expect(rules(coach(draft), 'robotic-phrase')).toHaveLength(2);
  });

  it('is quiet on a personal reply', () => {
    expect(rules(coach(CALM_REPLY), 'robotic-phrase')).toHaveLength(0);
  });
});

describe('tone-to-angry', () => {
  const angryCustomer = 'This is the THIRD time my order is late!!! Absolutely unacceptable.';

  it('flags exclamation marks, capitals and missing acknowledgement when the customer is angry', () => {
    const draft = 'Good news! Your order ships TODAY.';
    const messages = rules(coach(draft, angryCustomer), 'tone-to-angry').map((finding) => finding.message);
    expect(messages.some((message) => /exclamation/.test(message))).toBe(true);
    expect(messages.some((message) => /Capitals/.test(message))).toBe(true);
    expect(messages.some((message) => /acknowledging/.test(message))).toBe(true);
  });

  it('is quiet on a calm, acknowledging reply', () => {
    const draft = "I can see why this is frustrating, and I'm sorry. Thanks for bearing with us; your order ships today.";
    expect(rules(coach(draft, angryCustomer), 'tone-to-angry')).toHaveLength(0);
  });

  it('does not run when the customer is calm', () => {
    expect(rules(coach('Great news! It ships today.'), 'tone-to-angry')).toHaveLength(0);
  });

  it('runs when the ticket is marked angry', () => {
    expect(rules(coach('It ships today!', 'ok', { ticket: { angry: true } }), 'tone-to-angry').length).toBeGreaterThan(0);
  });
});

describe('commitment', () => {
  const settings = { now: '2026-03-27T10:00:00Z', timeZone: 'Europe/Berlin' };

  it('returns a promise with a due time resolved in the workspace zone', () => {
    const draft = "Thanks for your patience. I'll call you tomorrow at 3pm.";
    const output = coach(draft, undefined, { settings });
    expect(output.commitments).toEqual([
      { text: "I'll call you tomorrow at 3pm.", start: draft.indexOf("I'll"), end: draft.length, due: '2026-03-28T14:00:00.000Z' },
    ]);
    expect(rules(output, 'commitment')).toHaveLength(1);
  });

  it('returns a promise without due time when no time or no clock is given', () => {
    const output = coach('Thanks. We will ship it by Friday.');
    expect(output.commitments).toHaveLength(1);
    expect(output.commitments[0]?.due).toBeUndefined();
  });

  it('ignores questions and past actions', () => {
    const output = coach('Thanks. Will you send a photo? We shipped it yesterday.', undefined, { settings });
    expect(output.commitments).toHaveLength(0);
  });
});

describe('settings', () => {
  it('switches a rule off or changes its severity', () => {
    const draft = 'Your parcel left today.';
    const off = coach(draft, undefined, { settings: { checks: { 'missing-thanks': 'off' } } });
    expect(rules(off, 'missing-thanks')).toHaveLength(0);
    const warn = coach(draft, undefined, { settings: { checks: { 'missing-thanks': 'warn' } } });
    expect(rules(warn, 'missing-thanks')[0]?.severity).toBe('warn');
  });
});

describe('inbound', () => {
  it('reports anger and abuse of the pending customer messages', () => {
    const output = coach(CALM_REPLY, 'You are useless idiots. Fix this NOW!!!');
    expect(output.inbound.abuse).toBe(true);
    expect(output.inbound.anger).toBeGreaterThan(0.5);
  });
});

describe('robustness', () => {
  it('does not throw on malformed messages from untyped callers and keeps message indexes', () => {
    // Deliberately wrong shape, as a JavaScript caller or stale stored data might send.
    const conversation = [null, { from: 'customer', text: 'Where is my parcel?' }] as unknown as CoachInput['conversation'];
    const output = coachReply({ draft: 'Thanks, it left today.', conversation });
    expect(output.questions.map((question) => question.fromMessage)).toEqual([1]);
  });
});

describe('robustness of optional fields', () => {
  it('ignores wrong-typed ticket and settings fields instead of throwing', () => {
    // Deliberately wrong types, as a JavaScript caller might send.
    const input = {
      draft: 'Thanks, it left today.',
      conversation: [{ from: 'customer', text: 'Where is it?' }],
      ticket: { macroText: 42, customerName: { first: 'A' }, ourMistake: 'yes' },
      settings: { glossary: { term: 'x' }, checks: 'all', now: 5 },
    } as unknown as CoachInput;
    expect(() => coachReply(input)).not.toThrow();
  });
});

describe('unanswered-question in other languages', () => {
  it('accepts a shared topic word as an answer when the draft is not English', () => {
    const output = coach(
      'Guten Tag, vielen Dank für Ihre Nachricht. Ihr Paket ist unterwegs und kommt morgen an.',
      'Wo bleibt mein Paket? Ich warte seit zwei Wochen.',
    );
    expect(output.questions.map((question) => question.answered)).toEqual([true]);
  });
});

describe('unanswered-question on topic-free asks', () => {
  it('treats "Can you help?" as answered by any reply', () => {
    const output = coach('Thanks for flagging this. I have applied the discount by hand.', 'My discount code does not work. Can you help?');
    expect(output.questions.map((question) => question.answered)).toEqual([true]);
  });
});
