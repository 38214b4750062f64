import { describe, expect, it } from 'vitest';
import { createShortcutRegistry, keysOf, type KeyPress } from './shortcut-registry.ts';

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({ key, ctrlKey: false, metaKey: false, altKey: false, isTyping: false, ...extra });

describe('shortcut registry', () => {
  it('runs a single-key shortcut and reports the press as used', () => {
    const registry = createShortcutRegistry();
    const calls: string[] = [];
    registry.register({ keys: 'j', description: 'Next', scope: 'inbox', run: () => calls.push('j') });
    expect(registry.handle(press('j'))).toBe(true);
    expect(registry.handle(press('q'))).toBe(false);
    expect(calls).toEqual(['j']);
  });

  it('ignores keys while typing and with modifier keys', () => {
    const registry = createShortcutRegistry();
    const calls: string[] = [];
    registry.register({ keys: 'r', description: 'Reply', scope: 'ticket', run: () => calls.push('r') });
    expect(registry.handle(press('r', { isTyping: true }))).toBe(false);
    expect(registry.handle(press('r', { ctrlKey: true }))).toBe(false);
    expect(registry.handle(press('r', { metaKey: true }))).toBe(false);
    expect(calls).toEqual([]);
  });

  it('matches two-key sequences within the timeout only', () => {
    let time = 0;
    const registry = createShortcutRegistry({ now: () => time, sequenceTimeoutMs: 1000 });
    const calls: string[] = [];
    registry.register({ keys: 'g i', description: 'Inbox', scope: 'global', run: () => calls.push('g i') });
    registry.register({ keys: 'i', description: 'Other', scope: 'global', run: () => calls.push('i') });
    expect(registry.handle(press('g'))).toBe(true);
    expect(registry.handle(press('i'))).toBe(true);
    expect(calls).toEqual(['g i']);
    registry.handle(press('g'));
    time = 1500;
    registry.handle(press('i'));
    expect(calls).toEqual(['g i', 'i']);
    // Typing in between cancels the sequence.
    registry.handle(press('g'));
    registry.handle(press('x', { isTyping: true }));
    registry.handle(press('i'));
    expect(calls).toEqual(['g i', 'i', 'i']);
  });

  it('lets the newest registration win and falls back when it unregisters', () => {
    const registry = createShortcutRegistry();
    const calls: string[] = [];
    registry.register({ keys: '/', description: 'Search', scope: 'global', run: () => calls.push('global') });
    const unregister = registry.register({ keys: '/', description: 'Filter', scope: 'inbox', run: () => calls.push('inbox') });
    registry.handle(press('/'));
    unregister();
    registry.handle(press('/'));
    expect(calls).toEqual(['inbox', 'global']);
  });

  it('lists one entry per scope and keys, global first, and notifies subscribers', () => {
    const registry = createShortcutRegistry();
    let notified = 0;
    registry.subscribe(() => (notified += 1));
    registry.register({ keys: 'r', description: 'Reply', scope: 'ticket', run: () => undefined });
    registry.register({ keys: '?', description: 'Help', scope: 'global', run: () => undefined });
    registry.register({ keys: '?', description: 'Help again', scope: 'global', run: () => undefined });
    expect(registry.list().map((shortcut) => `${shortcut.scope}:${shortcut.keys}:${shortcut.description}`)).toEqual(['global:?:Help again', 'ticket:r:Reply']);
    expect(notified).toBe(3);
    expect(keysOf({ keys: 'g i' })).toEqual(['g', 'i']);
  });
});
