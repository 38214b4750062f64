import { describe, expect, it } from 'vitest';
import { optionsProblem } from './create-custom-field.ts';

describe('optionsProblem', () => {
  it('requires at least one distinct option for a select field', () => {
    expect(optionsProblem({ type: 'select', options: [] })).toMatch(/at least one option/);
    expect(optionsProblem({ type: 'select', options: ['a', 'a'] })).toMatch(/distinct/);
    expect(optionsProblem({ type: 'select', options: ['a', 'b'] })).toBeNull();
  });

  it('refuses options on other types', () => {
    expect(optionsProblem({ type: 'number', options: ['1'] })).toMatch(/takes no options/);
    expect(optionsProblem({ type: 'date', options: [] })).toBeNull();
  });
});
