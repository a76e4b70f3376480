import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { requestId } from '.';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const app = new Hono();
app.use(requestId());
app.get('/json', (c) => c.json({ requestId: c.var.requestId }));
app.get('/raw', () => new Response('plain', { status: 202 }));
app.get('/own', (c) => new Response('kept', { headers: { 'x-request-id': c.var.requestId } }));
app.get('/boom', () => {
  throw new Error('boom');
});
app.notFound(() => new Response('nothing here', { status: 404 }));
app.onError(() => new Response('broken', { status: 500 }));

describe('requestId middleware', () => {
  it('sets c.var.requestId and echoes it', async () => {
    const response = await app.request('/json');
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(UUID);
    expect(await response.json()).toEqual({ requestId: id });
  });

  it('keeps an acceptable client id and replaces one that is not (the rule of the Node fast path too)', async () => {
    expect((await app.request('/json', { headers: { 'x-request-id': 'partner.trace-0001' } })).headers.get('x-request-id')).toBe('partner.trace-0001');
    expect((await app.request('/json', { headers: { 'x-request-id': 'short' } })).headers.get('x-request-id')).toMatch(UUID);
  });

  it('echoes it on raw Responses, 404s and onError answers', async () => {
    for (const [path, status] of [['/raw', 202], ['/own', 200], ['/nowhere', 404], ['/boom', 500]] as const) {
      const response = await app.request(path, { headers: { 'x-request-id': 'trace-every-1' } });
      expect(response.status).toBe(status);
      expect(response.headers.get('x-request-id')).toBe('trace-every-1');
    }
  });
});
