import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { base64url } from 'jose';
import { serveOnLoopback, type LoopbackServer } from '../../shared/loopback-server';
import { createFhirR4Adapter } from './fhir-r4-adapter';
import { expectGatewayError, startAdapterFixture, type AdapterFixture } from '../../../test/helpers/fhir-adapter-fixture';

// Upstream failures, hostile input and hostile upstream answers, against the simulator over HTTP.
const UPTON = '79a66c97-6131-3213-f3c9-4606946ab056';

let fx: AdapterFixture;
beforeAll(async () => {
  fx = await startAdapterFixture();
});
afterAll(async () => {
  await fx.sim.close();
});
beforeEach(() => {
  fx.sim.faults.reset();
  fx.sim.requestLog.clear();
  fx.waits.length = 0;
});

const patientSearches = () => fx.sim.requestLog.filter({ resourceType: 'Patient' });

describe('rate limiting and server errors', () => {
  it('waits Retry-After on a 429 and then succeeds', async () => {
    fx.sim.faults.rateLimit(1, 1);
    const patients = await fx.adapter.getPatients([UPTON]);
    expect(patients.has(UPTON)).toBe(true);
    expect(fx.waits).toEqual([1000]);
    expect(patientSearches().map((request) => request.status)).toEqual([429, 200]);
  });

  it('gives up after the retry budget with a retryable UPSTREAM_UNAVAILABLE', async () => {
    fx.sim.faults.rateLimit(5, 1);
    const error = await expectGatewayError(fx.adapter.getPatients([UPTON]), 'UPSTREAM_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(error.details).toMatchObject({ upstreamStatus: 429, retryAfterSeconds: 1 });
    expect(patientSearches()).toHaveLength(3);
  });

  it('does not sit out a long Retry-After inside a partner request', async () => {
    fx.sim.faults.rateLimit(1, 120);
    const error = await expectGatewayError(fx.adapter.searchPatients({ family: 'Upton904' }, 5, null), 'UPSTREAM_UNAVAILABLE');
    expect(error.details).toMatchObject({ retryAfterSeconds: 120 });
    expect(patientSearches()).toHaveLength(1);
  });

  it('retries a 503 and succeeds', async () => {
    fx.sim.faults.httpError(1, 503);
    expect((await fx.adapter.getPatients([UPTON])).size).toBe(1);
    expect(patientSearches().map((request) => request.status)).toEqual([503, 200]);
  });

  it('maps 5xx to UPSTREAM_UNAVAILABLE and 504 to UPSTREAM_TIMEOUT', async () => {
    fx.sim.faults.httpError(1, 500);
    await expectGatewayError(fx.adapter.getPatients([UPTON]), 'UPSTREAM_UNAVAILABLE');
    expect(patientSearches()).toHaveLength(1); // 500 is not a transient status: no retry
    fx.sim.faults.httpError(3, 504);
    await expectGatewayError(fx.adapter.getPatients([UPTON]), 'UPSTREAM_TIMEOUT');
  });

  it('times out a slow upstream', async () => {
    fx.sim.faults.latency(300);
    const slow = fx.makeAdapter({ timeoutMs: 50 });
    await expectGatewayError(slow.getPatients([UPTON]), 'UPSTREAM_TIMEOUT');
  });
});

describe('4xx answers', () => {
  it('treats a 404 on an `_id` search as "none of these exist"', async () => {
    fx.sim.faults.httpError(1, 404);
    expect((await fx.adapter.getPatients([UPTON])).size).toBe(0);
  });

  it('maps a 404 on a search to UPSTREAM_REJECTED', async () => {
    fx.sim.faults.httpError(1, 404);
    await expectGatewayError(fx.adapter.searchPatients({ family: 'x' }, 5, null), 'UPSTREAM_REJECTED');
  });

  it('maps a 400 on a partner search to BAD_INPUT and on our own reads to UPSTREAM_REJECTED, without echoing the body', async () => {
    fx.sim.faults.httpError(1, 400);
    const searchError = await expectGatewayError(fx.adapter.searchPatients({ family: 'Upton904' }, 5, null), 'BAD_INPUT');
    expect(searchError.details).toMatchObject({ upstreamStatus: 400, issueCodes: ['exception'] });
    expect(JSON.stringify(searchError.details)).not.toContain('Simulated');
    fx.sim.faults.httpError(1, 400);
    await expectGatewayError(fx.adapter.getPatients([UPTON]), 'UPSTREAM_REJECTED');
  });
});

describe('unexpected upstream answers', () => {
  it('maps a body that is not a FHIR Bundle to UPSTREAM_INVALID', async () => {
    fx.sim.faults.invalidBody(1);
    await expectGatewayError(fx.adapter.getPatients([UPTON]), 'UPSTREAM_INVALID');
    expect(patientSearches()).toHaveLength(1);
  });

  it('maps a resource with a wrongly typed element we use to UPSTREAM_INVALID, naming the path not the value', async () => {
    // `as never`: deliberately not valid FHIR (name must be an array of HumanName).
    await fx.sim.simulator.load([{ resourceType: 'Patient', id: 'bad-shape', name: 'Secret Name' } as never]);
    const error = await expectGatewayError(fx.adapter.getPatients(['bad-shape']), 'UPSTREAM_INVALID');
    expect(error.details?.paths).toEqual(['name']);
    expect(JSON.stringify(error.details)).not.toContain('Secret');
  });

  it('refuses a next link that leaves the FHIR base, and never calls it', async () => {
    let elsewhereCalls = 0;
    const elsewhere = await serveOnLoopback(() => {
      elsewhereCalls++;
      return Response.json({ resourceType: 'Bundle', type: 'searchset', entry: [] });
    });
    let rogue: LoopbackServer | null = null;
    try {
      rogue = await serveOnLoopback(() =>
        Response.json({ resourceType: 'Bundle', type: 'searchset', link: [{ relation: 'next', url: `${elsewhere.url}/fhir/R4/Appointment` }] }),
      );
      const adapter = createFhirR4Adapter({
        sourceId: 'rogue',
        baseUrl: `${rogue.url}/fhir/R4`,
        fetch: (input, init) => fetch(input, init),
        clock: { now: () => Date.now() },
        auth: { type: 'bearer', token: 'not-for-elsewhere' },
        timeoutMs: 1000,
      });
      await expectGatewayError(adapter.searchAppointments({ patientIds: [UPTON] }).then((byPatient) => byPatient.get(UPTON) ?? []), 'UPSTREAM_INVALID');
      expect(elsewhereCalls).toBe(0);
    } finally {
      await rogue?.close();
      await elsewhere.close();
    }
  });
});

describe('cursor tampering', () => {
  const cursorFor = (url: string) => base64url.encode(url);

  it('refuses cursors that point off the FHIR base, at another type, or are not ours at all', async () => {
    const origin = new URL(fx.sim.url).origin;
    const tampered = [
      cursorFor('http://169.254.169.254/latest/meta-data/'),
      cursorFor(`http://127.0.0.1:1/fhir/R4/Patient?_count=1`),
      cursorFor(`${origin}/auth/token`),
      cursorFor(`${fx.sim.url}/Observation?_count=1`),
      cursorFor(`${fx.sim.url}/../../auth/token`),
      cursorFor(`http://user:pw@${new URL(fx.sim.url).host}/fhir/R4/Patient`),
      'not base64!',
    ];
    for (const cursor of tampered) {
      const error = await expectGatewayError(fx.adapter.searchPatients({ family: 'Upton904' }, 5, cursor), 'BAD_INPUT');
      expect(error.details).toEqual({ field: 'after' });
    }
    expect(fx.sim.requestLog.count()).toBe(0);
  });

  it('accepts a cursor it issued', async () => {
    const first = await fx.adapter.searchPatients({ birthDate: '1927-05-21' }, 1, null);
    const second = await fx.adapter.searchPatients({ birthDate: '1927-05-21' }, 1, first.nextCursor);
    expect(second.items).toHaveLength(1);
    expect(second.items[0]?.localId).not.toBe(first.items[0]?.localId);
  });
});
