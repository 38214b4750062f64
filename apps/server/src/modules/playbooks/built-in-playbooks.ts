/**
 * The four playbooks every workspace starts with (P24, P27, P30), each with the shared macro it
 * suggests. Written for the agent in the moment: short imperative titles, a concrete detail, and
 * the customer's side first. Bracketed capitals in the macros ([NEXT STEP]) are left for the agent
 * to fill: the reply coach flags them until they are.
 */
import type { MacroActions } from '@rapport/contracts/composer';
import type { PlaybookKey, PlaybookStep, ResolutionAction } from '@rapport/contracts/playbooks';

export interface BuiltInPlaybook {
  key: PlaybookKey;
  name: string;
  description: string;
  steps: PlaybookStep[];
  allowedActions: ResolutionAction[];
  macro: { name: string; body: string; actions: MacroActions };
}

export const builtInPlaybooks: readonly BuiltInPlaybook[] = [
  {
    key: 'angry_customer',
    name: 'Angry customer',
    description: 'The customer is upset or angry. Calm things down by listening, owning our part and giving one clear next step.',
    steps: [
      {
        title: 'Acknowledge the feeling in your first sentence',
        detail:
          'Name what happened and how it feels for them before anything else: "I can see why this is frustrating: you have waited a week and heard nothing from us." No "as I said" and no "per our policy".',
      },
      {
        title: 'Stay calm and don\'t defend',
        detail:
          'Don\'t mirror their tone and don\'t explain why it wasn\'t our fault. Explanations that sound like excuses make it worse. Read their whole message once more before you write.',
      },
      {
        title: 'Own what is ours',
        detail:
          'If we caused any part of it (a slow reply, a wrong answer, a late parcel), say so plainly and apologise once: "We got this wrong." One sincere apology beats three vague ones.',
      },
      {
        title: 'Answer every point they raised',
        detail: 'List each question and complaint in their message and answer each one. An upset customer notices the one you skipped.',
      },
      {
        title: 'Give one concrete next step with a time',
        detail:
          'Say what you will do and when they will hear from you: "I will call the courier this morning and write to you by 3 pm today." Then keep that promise, even if there is no news.',
      },
      {
        title: 'Insults or threats? Tell your lead',
        detail:
          'Frustration is normal; abuse aimed at people is not. Reply calmly once, then hand the ticket to your lead with a short note. You never have to take abuse alone.',
      },
    ],
    allowedActions: ['store_credit', 'discount', 'free_shipping'],
    macro: {
      name: 'Playbook: angry customer, first reply',
      body: [
        'Hi {{customer.first_name}},',
        '',
        "I'm sorry. I can see how frustrating this has been, and you shouldn't have had to chase us about it.",
        '',
        '[WHAT WENT WRONG AND WHAT WAS OURS]',
        '',
        "Here is what I'm doing now: [NEXT STEP]. I will write to you again by [TIME], even if there is nothing new by then.",
        '',
        'Thank you for telling us plainly. It helps us put this right.',
        '',
        '{{agent.first_name}}',
        '{{workspace.name}}',
      ].join('\n'),
      actions: { addTags: ['upset-customer'] },
    },
  },
  {
    key: 'our_mistake',
    name: 'Our mistake',
    description: 'We got something wrong: a wrong or damaged item, a double charge, a wrong answer. Own it from the first reply and put it right.',
    steps: [
      {
        title: 'Own it in the first reply',
        detail: 'Say "we got this wrong", not "mistakes happen" or "the system did it". Apologise once, in your own words.',
      },
      {
        title: 'Say exactly what went wrong',
        detail: 'Check the order and tell them what happened (the wrong size was picked, the item was packed badly) so they know we looked properly.',
      },
      {
        title: 'Put it right without extra effort for them',
        detail:
          "Offer the replacement or refund first. Don't ask them to send the wrong item back unless we really need it, and include a prepaid label if we do.",
      },
      {
        title: 'Make up for the trouble, in proportion',
        detail: 'For lost time or a second mistake, add free shipping, a discount or store credit within your limits. Say what you can do, not what you cannot.',
      },
      {
        title: 'Tag it and note the cause',
        detail: 'Tag the ticket our-mistake and leave an internal note on how it happened, so the team can stop it happening again.',
      },
    ],
    allowedActions: ['refund', 'replacement', 'store_credit', 'discount', 'free_shipping'],
    macro: {
      name: 'Playbook: our mistake, first reply',
      body: [
        'Hi {{customer.first_name}},',
        '',
        'Thank you for letting us know, and I am sorry: we got this wrong. [WHAT HAPPENED]',
        '',
        "Here is how I'll put it right: [REPLACEMENT OR REFUND]. You don't need to do anything else for this; I'll take care of it.",
        '',
        'I will confirm by [TIME] once it is on its way. Your reference is #{{ticket.number}}.',
        '',
        '{{agent.first_name}}',
        '{{workspace.name}}',
      ].join('\n'),
      actions: { addTags: ['our-mistake'] },
    },
  },
  {
    key: 'delayed_shipment',
    name: 'Delayed shipment',
    description: "The customer's order has not arrived when we said it would. Find out where it is, say what happens next and follow up before they have to ask.",
    steps: [
      {
        title: 'Check the tracking before you reply',
        detail: 'Look up the order and the courier\'s latest scan, so your first reply carries facts rather than "it should arrive soon".',
      },
      {
        title: 'Say where it is, in plain words',
        detail: 'Give the last place and date the courier saw it, and the new expected delivery date if there is one. Leave out courier codes.',
      },
      {
        title: 'Say what you will do, and when',
        detail: 'For example: open a trace with the courier today and write back by a set time. Give a real time; it becomes your follow-up.',
      },
      {
        title: 'Offer a way out when it is really late',
        detail:
          "Once it is past the courier's lost-parcel window (usually 5 working days after the due date), offer a replacement sent by express or a refund, whichever they prefer.",
      },
      {
        title: 'Follow up as promised',
        detail: 'When the parcel moves, or when the time you gave comes, write first, before they have to chase us.',
      },
    ],
    allowedActions: ['replacement', 'refund', 'free_shipping'],
    macro: {
      name: 'Playbook: delayed shipment, update',
      body: [
        'Hi {{customer.first_name}},',
        '',
        "Thank you for your patience, and I'm sorry your order hasn't reached you yet. I have checked the tracking: [WHERE IT IS].",
        '',
        "Here's what I'm doing now: [NEXT STEP]. I will write to you again by [TIME] with news, whatever happens.",
        '',
        'If it still has not arrived by then, we will send a replacement or refund you, whichever you prefer.',
        '',
        '{{agent.first_name}}',
        '{{workspace.name}}',
      ].join('\n'),
      actions: { addTags: ['delivery-delay'] },
    },
  },
  {
    key: 'refund_request',
    name: 'Refund request',
    description: 'The customer asks for their money back. Say yes quickly when you can, and say what you can do when you cannot.',
    steps: [
      {
        title: 'Find the order and the reason',
        detail: "Look up the order and the payment. If the reason isn't clear, ask one clear question rather than several.",
      },
      {
        title: 'Say yes when you can',
        detail: 'If the refund is within the policy and your limits, confirm it in your first reply. Don\'t make them argue for it.',
      },
      {
        title: "If it's outside the policy, say what you can do",
        detail: 'Offer a replacement, store credit or a partial refund instead of quoting the policy. Ask your lead when it needs more than your limits allow.',
      },
      {
        title: 'Say how and when the money arrives',
        detail: 'Name the amount, how it is paid (back to the card they used) and a realistic time, such as 3 to 5 working days after we process it.',
      },
      {
        title: 'Confirm once it is done',
        detail: 'Write when the refund has gone through, with its reference, and solve the ticket only after that.',
      },
    ],
    allowedActions: ['refund', 'store_credit', 'replacement'],
    macro: {
      name: 'Playbook: refund request, confirmation',
      body: [
        'Hi {{customer.first_name}},',
        '',
        "Thank you for getting in touch. I'm sorry this didn't work out, and yes, I can refund you.",
        '',
        "I've refunded [AMOUNT] to the card you paid with. Banks usually take 3 to 5 working days to show it; I will confirm once it has gone through.",
        '',
        "If you'd rather have a replacement or store credit instead, just reply and I'll sort that out. Your reference is #{{ticket.number}}.",
        '',
        '{{agent.first_name}}',
        '{{workspace.name}}',
      ].join('\n'),
      actions: { addTags: ['refund'] },
    },
  },
];
