import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** WCAG 2.x relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16) / 255);
  const [red = 0, green = 0, blue = 0] = channels.map((channel) =>
    channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4,
  );
  return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
}

function contrast(foreground: string, background: string): number {
  const [lighter, darker] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
  return ((lighter ?? 0) + 0.05) / ((darker ?? 0) + 0.05);
}

function readTokens(): Map<string, string> {
  const css = readFileSync(new URL('./tokens.css', import.meta.url), 'utf8');
  const tokens = new Map<string, string>();
  for (const match of css.matchAll(/--(rp-[a-z0-9-]+):\s*(#[0-9a-f]{6})\s*;/gi)) {
    const [, name, value] = match;
    if (name && value && !tokens.has(name)) tokens.set(name, value.toLowerCase());
  }
  return tokens;
}

const surfaces = ['bg', 'surface', 'surface-sunken', 'surface-hover', 'surface-selected', 'outbound-bg', 'note-bg'];

// Text pairs need 4.5:1 (WCAG 1.4.3); control borders and the focus ring need 3:1 (1.4.11).
const textPairs: Array<[string, string]> = [
  ...surfaces.map((surface): [string, string] => ['color-text', `color-${surface}`]),
  ...surfaces.map((surface): [string, string] => ['color-text-muted', `color-${surface}`]),
  ['color-text-inverse', 'color-accent'],
  ['color-text-inverse', 'color-accent-hover'],
  ['color-text-inverse', 'color-danger'],
  ['color-text-inverse', 'color-danger-hover'],
  ['color-accent-text', 'color-surface'],
  ['color-accent-text', 'color-bg'],
  ['color-accent-text', 'color-surface-selected'],
  ['color-danger', 'color-surface'],
  ['color-danger', 'color-danger-soft'],
  ['color-success-text', 'color-success-soft'],
  ['color-note-text', 'color-note-bg'],
  ...['new', 'open', 'pending', 'on-hold', 'solved', 'closed'].map((status): [string, string] => [
    `status-${status}-text`,
    `status-${status}-bg`,
  ]),
  ...['low', 'normal', 'high', 'urgent'].map((priority): [string, string] => [
    `priority-${priority}-text`,
    `priority-${priority}-bg`,
  ]),
];

const nonTextPairs: Array<[string, string]> = [
  ['color-border-strong', 'color-surface'],
  ['color-border-strong', 'color-bg'],
  ...surfaces.map((surface): [string, string] => ['focus-color', `color-${surface}`]),
  ['color-note-border', 'color-surface'],
];

describe('design tokens', () => {
  const tokens = readTokens();
  const colour = (name: string): string => {
    const value = tokens.get(`rp-${name}`);
    if (!value) throw new Error(`tokens.css has no --rp-${name}`);
    return value;
  };

  it.each(textPairs)('%s on %s meets WCAG AA for text (4.5:1)', (foreground, background) => {
    expect(contrast(colour(foreground), colour(background))).toBeGreaterThanOrEqual(4.5);
  });

  it.each(nonTextPairs)('%s against %s meets WCAG AA for UI components (3:1)', (foreground, background) => {
    expect(contrast(colour(foreground), colour(background))).toBeGreaterThanOrEqual(3);
  });
});
