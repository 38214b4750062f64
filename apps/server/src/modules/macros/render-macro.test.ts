import { describe, expect, it } from 'vitest';
import { firstNameOf, renderMacroBody } from './render-macro.ts';

const values = {
  'customer.name': 'Ana María López',
  'customer.first_name': 'Ana',
  'ticket.number': '42',
  'ticket.subject': 'Broken grinder',
  'agent.name': 'Sam Agent',
  'workspace.name': 'Acme Coffee',
};

describe('renderMacroBody', () => {
  it('fills every known placeholder, spaces and case inside the braces allowed', () => {
    const rendered = renderMacroBody('Hi {{customer.first_name}}, about #{{ ticket.number }} ({{Ticket.Subject}}) — {{agent.name}}, {{workspace.name}}', values);
    expect(rendered.text).toBe('Hi Ana, about #42 (Broken grinder) — Sam Agent, Acme Coffee');
    expect(rendered.unknownPlaceholders).toEqual([]);
    expect(rendered.emptyPlaceholders).toEqual([]);
  });

  it('reports unknown placeholders and leaves them as written', () => {
    const rendered = renderMacroBody('Dear {{customer.nickname}}, order {{order.id}} and {{customer.nickname}}', values);
    expect(rendered.text).toBe('Dear {{customer.nickname}}, order {{order.id}} and {{customer.nickname}}');
    expect(rendered.unknownPlaceholders).toEqual(['customer.nickname', 'order.id']);
  });

  it('never blanks a known placeholder without a value: it stays and is reported as empty', () => {
    const rendered = renderMacroBody('Hello {{customer.name}} <{{customer.email}}>', { ...values, 'customer.email': null });
    expect(rendered.text).toBe('Hello Ana María López <{{customer.email}}>');
    expect(rendered.emptyPlaceholders).toEqual(['customer.email']);
  });

  it('leaves text without placeholders and single braces alone', () => {
    expect(renderMacroBody('Use {curly} braces {{ }}', values).text).toBe('Use {curly} braces {{ }}');
  });
});

describe('firstNameOf', () => {
  it('takes the first word, or nothing for a blank name', () => {
    expect(firstNameOf('  Ana María López ')).toBe('Ana');
    expect(firstNameOf('Prince')).toBe('Prince');
    expect(firstNameOf('   ')).toBeNull();
    expect(firstNameOf(null)).toBeNull();
  });
});
