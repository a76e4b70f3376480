import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createCorsPolicy } from '../../../pipeline/cors-policy';
import { corsFromPolicy } from '.';

const app = new Hono();
app.use('/oauth/token', corsFromPolicy(createCorsPolicy({ mode: 'production', cors: { origins: ['https://app.example.com'], maxAgeSeconds: 120 } }), ['POST']));
app.post('/oauth/token', (c) => c.json({ ok: true }));

const preflight = (origin: string) =>
  app.request('/oauth/token', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });

describe('corsFromPolicy', () => {
  it('grants a listed origin exactly itself, with Max-Age and no credentials', async () => {
    const response = await preflight('https://app.example.com');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(response.headers.get('access-control-max-age')).toBe('120');
    expect(response.headers.get('access-control-allow-methods')).toBe('POST');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('grants an unlisted origin nothing, on the preflight and the request', async () => {
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    const actual = await app.request('/oauth/token', { method: 'POST', headers: { origin: 'https://evil.example' } });
    expect(actual.status).toBe(200);
    expect(actual.headers.get('access-control-allow-origin')).toBeNull();
  });
});
