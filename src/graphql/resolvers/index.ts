export { queryResolvers } from './query-resolvers';
export { scalarResolvers } from './scalars';
export {
  appointmentResolvers,
  coverageResolvers,
  locationResolvers,
  patientResolvers,
  practitionerResolvers,
} from './ehr-resolvers';
