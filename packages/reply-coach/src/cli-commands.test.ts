import { describe, expect, it } from 'vitest';
import { runCoachCommand, runLangCommand } from './cli-commands.ts';

describe('runCoachCommand', () => {
  it('turns input JSON into output JSON', () => {
    const result = runCoachCommand(JSON.stringify({ draft: 'Thanks, it ships today.', conversation: [{ from: 'customer', text: 'When does it ship?' }] }));
    expect(result.exitCode).toBe(0);
    const output: unknown = JSON.parse(result.stdout);
    expect(output).toMatchObject({ apologies: 0, questions: [{ text: 'When does it ship?', answered: true }] });
  });

  it('rejects bad JSON with INVALID_INPUT and exit code 2', () => {
    const result = runCoachCommand('{not json');
    expect(result.exitCode).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'INVALID_INPUT' } });
  });

  it('rejects JSON of the wrong shape', () => {
    const result = runCoachCommand(JSON.stringify({ draft: 3, conversation: [{ from: 'bot', text: 'x' }] }));
    expect(result.exitCode).toBe(2);
    const error: unknown = JSON.parse(result.stdout);
    expect(error).toMatchObject({ error: { code: 'INVALID_INPUT', message: expect.stringContaining('draft must be a string') } });
  });
});

describe('runLangCommand', () => {
  it('prints one language and confidence line per input line', () => {
    const output = runLangCommand('Where is my order? I have been waiting for weeks.\n\nWo ist meine Bestellung? Ich warte seit Wochen.\n');
    const lines = output.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^en\t\d\.\d\d$/);
    expect(lines[1]).toBe('und\t0.00');
    expect(lines[2]).toMatch(/^de\t/);
  });
});
