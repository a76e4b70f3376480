import type { EligibilityPerson, EligibilityRequest } from '../../../src/domain/eligibility';
import type { WireEligibilityRequest } from './wire';

/** YYYY-MM-DD -> YYYYMMDD, the API's date format. */
const compactDate = (value: string): string => value.replaceAll('-', '');

function wirePerson(person: EligibilityPerson): WireEligibilityRequest['subscriber'] {
  const result: WireEligibilityRequest['subscriber'] = {};
  if (person.memberId) result.memberId = person.memberId;
  if (person.firstName) result.firstName = person.firstName;
  if (person.lastName) result.lastName = person.lastName;
  if (person.birthDate) result.dateOfBirth = compactDate(person.birthDate);
  if (person.gender) result.gender = person.gender;
  return result;
}

/** The JSON API's request for one inquiry; `controlNumber` is our 9-digit trace number. */
export function toWireRequest(request: EligibilityRequest, controlNumber: string): WireEligibilityRequest {
  const provider: WireEligibilityRequest['provider'] = { npi: request.provider.npi };
  if (request.provider.organizationName) provider.organizationName = request.provider.organizationName;
  else {
    if (request.provider.lastName) provider.lastName = request.provider.lastName;
    if (request.provider.firstName) provider.firstName = request.provider.firstName;
  }
  const wire: WireEligibilityRequest = {
    controlNumber,
    tradingPartnerServiceId: request.payerId,
    provider,
    subscriber: wirePerson(request.subscriber),
    encounter: {
      serviceTypeCodes: request.serviceTypeCodes.length > 0 ? request.serviceTypeCodes : ['30'],
      dateOfService: compactDate(request.dateOfService),
    },
  };
  if (request.dependent) wire.dependents = [wirePerson(request.dependent)];
  return wire;
}
