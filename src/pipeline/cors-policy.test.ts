import { describe, expect, it } from 'vitest';
import { corsConfig } from '../../config/cors';
import { createCorsPolicy } from './cors-policy';

describe('CORS policy', () => {
  it('allows no browser origin in production by default', () => {
    const policy = createCorsPolicy({ mode: 'production' });
    for (const origin of ['http://localhost:3000', 'https://app.example.com', 'null']) expect(policy.allowedOrigin(origin)).toBeNull();
    expect(policy.maxAgeSeconds).toBe(600);
  });

  it('allows loopback on any port by default in the sandbox, and only loopback', () => {
    const policy = createCorsPolicy({ mode: 'sandbox' });
    for (const origin of ['http://localhost:3000', 'http://127.0.0.1:8080', 'http://localhost']) expect(policy.allowedOrigin(origin)).toBe(origin);
    for (const origin of ['http://localhost.evil.example', 'http://localhost:3000.evil.example', 'https://localhost:3000', 'http://127.0.0.10:80', 'null', '']) {
      expect(policy.allowedOrigin(origin), origin).toBeNull();
    }
    expect(policy.allowedOrigin(undefined)).toBeNull();
  });

  it('grants exactly the configured origins, which replace the default', () => {
    const policy = createCorsPolicy({ mode: 'sandbox', cors: { origins: ['https://app.example.com'], maxAgeSeconds: 60 } });
    expect(policy.allowedOrigin('https://app.example.com')).toBe('https://app.example.com');
    expect(policy.allowedOrigin('https://app.example.com:8443')).toBeNull();
    expect(policy.allowedOrigin('http://app.example.com')).toBeNull();
    expect(policy.allowedOrigin('http://localhost:3000')).toBeNull();
    expect(policy.maxAgeSeconds).toBe(60);
  });

  it('config refuses a wildcard, null, paths and upper case', () => {
    for (const origin of ['*', 'null', 'https://app.example.com/', 'https://app.example.com/path', 'HTTPS://APP.EXAMPLE.COM', 'https://*.example.com']) {
      expect(corsConfig.safeParse({ origins: [origin] }).success, origin).toBe(false);
    }
    expect(corsConfig.parse({ origins: ['https://app.example.com', 'http://localhost:*', 'http://[::1]:3000'] })).toEqual({
      origins: ['https://app.example.com', 'http://localhost:*', 'http://[::1]:3000'],
      maxAgeSeconds: 600,
    });
  });
});
