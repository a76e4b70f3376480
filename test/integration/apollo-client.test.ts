import { createHash } from 'node:crypto';
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { getMainDefinition } from '@apollo/client/utilities';
import { Kind, OperationTypeNode, print } from 'graphql';
import { createClient, type Client } from 'graphql-sse';
import { Observable } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxSimulators, type SandboxSimulators } from '../../src/runtime/sandbox';
import { startTestGateway, type TestGateway } from '../helpers/gateway';
import { addAppointment, appointmentGid, futureIso, vendorRideIdOf } from '../helpers/rides';
import { sandboxSimulator as lyftSandbox } from '../../adapters/rides/lyft/sandbox';

/**
 * The Apollo Client setup the README documents, run for real against the gateway over HTTP:
 * automatic persisted queries (PersistedQueryLink + HttpLink) for queries and mutations, and
 * subscriptions through graphql-sse, all with the partner's bearer token.
 */
let simulators: SandboxSimulators;
let gateway: TestGateway;

beforeAll(async () => {
  simulators = await startSandboxSimulators();
  gateway = await startTestGateway({ simulators });
});
afterAll(async () => {
  await gateway?.close();
  await simulators?.close();
});

/** graphql-sse as an Apollo link, as the README shows it (the pattern from graphql-sse's README). */
const sseLinkOf = (client: Client) =>
  new ApolloLink(
    (operation) =>
      new Observable<ApolloLink.Result>((sink) =>
        client.subscribe<Record<string, unknown>, Record<string, unknown>>(
          { query: print(operation.query), variables: operation.variables, operationName: operation.operationName },
          { next: (result) => sink.next(result), complete: () => sink.complete(), error: (error) => sink.error(error) },
        ),
      ),
  );

interface SentRequest {
  hashOnly: boolean;
  sha256: string | undefined;
  status: number;
  errorCode: string | undefined;
}

/** What went over the wire to /graphql (the answers as the gateway gave them). */
const sent: SentRequest[] = [];
const recordingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const body = JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as { query?: string; extensions?: { persistedQuery?: { sha256Hash?: string } } };
  const answer = (await response.clone().json()) as { errors?: { extensions?: { code?: string } }[] };
  sent.push({ hashOnly: body.query === undefined, sha256: body.extensions?.persistedQuery?.sha256Hash, status: response.status, errorCode: answer.errors?.[0]?.extensions?.code });
  return response;
};

const apolloFor = (token: string) => {
  const authorization = `Bearer ${token}`;
  const http = new PersistedQueryLink({ sha256: (text) => createHash('sha256').update(text).digest('hex') }).concat(
    new HttpLink({ uri: `${gateway.url}/graphql`, headers: { authorization }, fetch: recordingFetch }),
  );
  const sse = sseLinkOf(createClient({ url: `${gateway.url}/graphql`, headers: { authorization }, retryAttempts: 0 }));
  const isSubscription = ({ query }: ApolloLink.Operation) => {
    const definition = getMainDefinition(query);
    return definition.kind === Kind.OPERATION_DEFINITION && definition.operation === OperationTypeNode.SUBSCRIPTION;
  };
  return new ApolloClient({ link: ApolloLink.split(isSubscription, sse, http), cache: new InMemoryCache() });
};

const SCHEDULE = gql`
  mutation Schedule($input: ScheduleRideInput!) { scheduleRide(input: $input) { id status } }
`;
const READ = gql`
  query ReadRide($id: ID!) { ride(id: $id) { id status } }
`;
const FOLLOW = gql`
  subscription FollowRide($id: ID!) { rideUpdated(id: $id) { id status } }
`;

interface RideData { id: string; status: string }

describe('Apollo Client against the gateway', () => {
  it('runs a mutation and a query with APQ (hash-only, retried with the text, then hash-only) and follows the ride over graphql-sse', async () => {
    const client = apolloFor(await gateway.token('sandbox-rides'));
    const appointmentId = await addAppointment(simulators, { start: futureIso(20) });

    const booked = await client.mutate<{ scheduleRide: RideData }>({
      mutation: SCHEDULE,
      variables: { input: { appointmentId: appointmentGid(appointmentId), idempotencyKey: `apollo-${crypto.randomUUID()}`, rideSource: 'sandbox-lyft' } },
    });
    const ride = booked.data?.scheduleRide;
    expect(ride?.status).toBe('SCHEDULED');
    // The mutation went hash-only first, was refused as unknown, and was resent with its text.
    expect(sent.map(({ hashOnly, status, errorCode }) => ({ hashOnly, status, errorCode }))).toEqual([
      { hashOnly: true, status: 200, errorCode: 'PERSISTED_QUERY_NOT_FOUND' },
      { hashOnly: false, status: 200, errorCode: undefined },
    ]);

    sent.length = 0;
    const read = () => client.query<{ ride: RideData }>({ query: READ, variables: { id: ride?.id }, fetchPolicy: 'network-only' });
    expect((await read()).data?.ride).toEqual({ __typename: 'Ride', id: ride?.id, status: 'SCHEDULED' });
    expect((await read()).data?.ride.status).toBe('SCHEDULED');
    expect(sent.map(({ hashOnly, errorCode }) => ({ hashOnly, errorCode }))).toEqual([
      { hashOnly: true, errorCode: 'PERSISTED_QUERY_NOT_FOUND' },
      { hashOnly: false, errorCode: undefined },
      { hashOnly: true, errorCode: undefined },
    ]);
    expect(new Set(sent.map((request) => request.sha256)).size).toBe(1);
    // At the gateway: two executions of ReadRide were logged, though three requests came in.
    expect(gateway.logs.filter((line) => line.includes('"operationName":"ReadRide"')).length).toBe(2);

    const statuses: string[] = [];
    const followed = new Promise<void>((resolve, reject) => {
      const subscription = client.subscribe<{ rideUpdated: RideData }>({ query: FOLLOW, variables: { id: ride?.id } }).subscribe({
        next: ({ data, error }) => {
          if (error) reject(new Error(error.message));
          if (data) statuses.push(data.rideUpdated.status);
          if (statuses.length === 2) {
            subscription.unsubscribe();
            resolve();
          }
        },
        error: reject,
      });
    });
    await expect.poll(() => statuses.length, { timeout: 5000 }).toBe(1);
    expect((await simulators.of(lyftSandbox).advance(vendorRideIdOf(ride?.id ?? ''), 'accepted')).status).toBe(200);
    await followed;
    expect(statuses[0]).toBe('SCHEDULED');
    expect(statuses[1]).not.toBe('SCHEDULED');
  });
});
