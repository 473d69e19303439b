import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const SECRET_A = 'k3J9x2Qm7Zp4Lr8Tv1Wy6Bn5Hc0Fd3Gs9Ae2';
const SECRET_B = 'Qz8Lm2Xc5Vb7Nn1Kj4Hg6Fd9Sa3Pw0Oe2Ir7';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
}

describe('configuration', () => {
  it('defaults to a development hub on port 4000 with the embedded database and the demo', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      env: 'development',
      port: 4000,
      databaseUrl: undefined,
      loadDemo: true,
      introspection: true,
    });
  });

  it('reads PORT and DATABASE_URL', () => {
    const c = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://u@127.0.0.1:5432/hub' });
    expect(c.port).toBe(8080);
    expect(c.databaseUrl).toBe('postgres://u@127.0.0.1:5432/hub');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT: must be a port number'],
    [{ PORT: '70000' }, 'PORT: must be between 0 and 65535'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL: must be a postgres:// or postgresql:// URL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV: must be development, production or test'],
    [{ HUB_TOKEN_SECRET: 'short' }, 'HUB_TOKEN_SECRET: must be at least 32 characters'],
    [{ HUB_TOKEN_TTL_MINUTES: '0' }, 'HUB_TOKEN_TTL_MINUTES: must be positive'],
    [{ HUB_LOAD_DEMO: 'maybe' }, 'HUB_LOAD_DEMO: must be true or false'],
  ])('gives a clear message for a bad setting: %o', (env, message) => {
    expect(problems(env).join('\n')).toContain(message);
  });

  it('lists every problem at once', () => {
    expect(problems({ PORT: 'x', DATABASE_URL: 'nope' })).toHaveLength(2);
  });

  it('refuses production without secrets or an external database', () => {
    const p = problems({ NODE_ENV: 'production' });
    expect(p.join('\n')).toMatch(/HUB_TOKEN_SECRET: required in production/);
    expect(p.join('\n')).toMatch(/HUB_PSEUDONYM_KEY: required in production/);
    expect(p.join('\n')).toMatch(/DATABASE_URL: required in production/);
  });

  it('refuses placeholder and shared secrets in production', () => {
    const p = problems({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://h/db',
      HUB_TOKEN_SECRET: 'change-me-change-me-change-me-change-me',
      HUB_PSEUDONYM_KEY: 'change-me-change-me-change-me-change-me',
    });
    expect(p.join('\n')).toMatch(/HUB_TOKEN_SECRET: looks like a placeholder/);
    expect(p.join('\n')).toMatch(/must differ/);
  });

  it('refuses to load the synthetic demo in production', () => {
    const p = problems({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://h/db',
      HUB_TOKEN_SECRET: SECRET_A,
      HUB_PSEUDONYM_KEY: SECRET_B,
      HUB_LOAD_DEMO: 'true',
    });
    expect(p).toEqual([expect.stringMatching(/HUB_LOAD_DEMO/)]);
  });

  it('accepts a complete production configuration, with introspection and the demo off', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://h/db',
      HUB_TOKEN_SECRET: SECRET_A,
      HUB_PSEUDONYM_KEY: SECRET_B,
    });
    expect(c).toMatchObject({ env: 'production', loadDemo: false, introspection: false });
  });
});
