import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('config', () => {
  it('needs no setup: embedded PGlite in ./data on port 3000', () => {
    const config = loadConfig({ env: {}, configFile: false });
    expect(config).toMatchObject({ port: 3000, dataDir: './data', isEmbedded: true, seedDemo: true });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads the environment over rapport.config.json', () => {
    const directory = mkdtempSync(join(tmpdir(), 'rapport-config-'));
    const file = join(directory, 'rapport.config.json');
    writeFileSync(file, JSON.stringify({ port: 4000, logLevel: 'warn' }));
    const config = loadConfig({ env: { PORT: '5000', DATABASE_URL: 'postgres://u:secret-pass@db/rapport' }, configFile: file });
    expect(config).toMatchObject({ port: 5000, logLevel: 'warn', isEmbedded: false });
    expect(config.secrets).toEqual(['postgres://u:secret-pass@db/rapport']);
  });

  it('names every bad setting in one error', () => {
    const attempt = () => loadConfig({ env: { PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' }, configFile: false });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('PORT');
      expect(problems).toContain('DATABASE_URL');
      expect(problems).toContain('LOG_LEVEL');
    }
  });

  it('rejects unknown keys and broken JSON in the config file', () => {
    const directory = mkdtempSync(join(tmpdir(), 'rapport-config-'));
    const unknown = join(directory, 'unknown.json');
    writeFileSync(unknown, JSON.stringify({ prot: 80 }));
    expect(() => loadConfig({ env: {}, configFile: unknown })).toThrow(/unknown setting\(s\) prot/);
    const broken = join(directory, 'broken.json');
    writeFileSync(broken, '{ port: ');
    expect(() => loadConfig({ env: {}, configFile: broken })).toThrow(/not valid JSON/);
  });
});
