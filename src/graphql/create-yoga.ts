import { makeExecutableSchema } from '@graphql-tools/schema';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { GatewayError } from '../domain/errors';
import type { AuditSink } from '../ports/audit-sink';
import type { CorsPolicy } from '../pipeline/cors-policy';
import { sourceAccess, type GatewayContext, type GatewayServices } from './context';
import { createEhrLoaders } from './loaders';
import { createErrorMasker } from './mask-error';
import { gatewayPlugins, type GatewayPluginOptions } from './gateway-plugins';
import { createRequestAudit } from './request-audit';
import { createUpstreamBudget } from './upstream-budget';
import {
  appointmentResolvers,
  coverageResolvers,
  locationResolvers,
  patientResolvers,
  practitionerResolvers,
  queryResolvers,
  scalarResolvers,
} from './resolvers';
import { coverageEligibilityResolver, eligibilityQueryResolvers, eligibilityResultResolvers } from './resolvers/eligibility-resolvers';
import { appointmentWorklistResolvers } from './resolvers/appointment-worklist-resolvers';
import { rideMutationResolvers } from './resolvers/ride-mutation-resolvers';
import { appointmentRidesResolver, rideListResolvers } from './resolvers/ride-list-resolvers';
import { rideQueryResolvers } from './resolvers/ride-query-resolvers';
import { rideSubscriptionResolvers } from './resolvers/ride-subscription-resolvers';
import { appointmentRideResolver, rideSourceEstimatesResolvers, rideTypeResolvers } from './resolvers/ride-type-resolvers';
import type { GraphqlServerContext } from './server-context';
import { traceContextOf } from '../pipeline/trace-context';
import type { TraceScope } from '../pipeline/trace-scope';
import { typeDefs } from './schema-sdl.generated';
import { yogaCors } from './yoga-cors';

export interface YogaOptions extends GatewayPluginOptions {
  services: GatewayServices;
  auditSink: AuditSink;
  /** GraphiQL (sandbox only; introspection still follows each partner's flag). */
  sandbox: boolean;
  /** Where the transport keeps the request's trace (Node); without it the trace is read from the request headers. */
  traceScope?: TraceScope;
  /** Which browser origins get a CORS grant (the same policy as the Hono routes'). */
  cors: CorsPolicy;
}

export const buildSchema = () =>
  makeExecutableSchema({
    typeDefs: [...typeDefs],
    resolvers: {
      ...scalarResolvers,
      Query: { ...queryResolvers, ...appointmentWorklistResolvers, ...eligibilityQueryResolvers, ...rideQueryResolvers, ...rideListResolvers },
      Mutation: { ...rideMutationResolvers },
      Subscription: { ...rideSubscriptionResolvers },
      Ride: rideTypeResolvers,
      RideSourceEstimates: rideSourceEstimatesResolvers,
      Patient: patientResolvers,
      Appointment: { ...appointmentResolvers, ...appointmentRideResolver, ...appointmentRidesResolver },
      Practitioner: practitionerResolvers,
      Location: locationResolvers,
      Coverage: { ...coverageResolvers, ...coverageEligibilityResolver },
      EligibilityResult: eligibilityResultResolvers,
    },
  });

export type GatewayYoga = YogaServerInstance<GraphqlServerContext, GatewayContext>;

export function createGatewayYoga(options: YogaOptions): GatewayYoga {
  const { services } = options;
  const schema = buildSchema();
  return createYoga<GraphqlServerContext, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: options.sandbox,
    landingPage: false,
    cors: yogaCors(options.cors),
    logging: false,
    maskedErrors: { maskError: createErrorMasker(services.logger) },
    plugins: gatewayPlugins({ ...options, limits: options.limits ?? services.config.graphqlLimits }),
    context: ({ params, request, requestId, partner }): GatewayContext => {
      // usePartnerAuth ends every request it could not admit, so this is a wiring bug.
      if (!partner || !requestId) throw new GatewayError('UNAUTHENTICATED', 'Not authenticated');
      // The same trace the transport started (Node), so the request's lines and its upstream calls agree.
      const trace = options.traceScope?.current() ?? traceContextOf(request);
      const logger = services.logger.child({ requestId, traceId: trace.traceId, partnerId: partner.id });
      const upstream = createUpstreamBudget(services.config.graphqlLimits.maxUpstreamCalls);
      const access = sourceAccess(partner, services, upstream);
      return {
        requestId,
        partner,
        logger,
        services,
        loaders: createEhrLoaders(access.ehr),
        upstream,
        audit: createRequestAudit({
          sink: options.auditSink,
          clock: services.clock,
          logger,
          requestId,
          partnerId: partner.id,
          operationName: () => params.operationName ?? null,
        }),
        ...access,
      };
    },
  });
}
