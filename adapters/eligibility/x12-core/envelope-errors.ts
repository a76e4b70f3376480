import { GatewayError } from '../../../src/domain/errors';
import { wsseNamespace, type SoapFault } from './soap-envelope';

/**
 * Maps a CAQH CORE envelope error (ErrorCode in a CoreEnvelopeError answer) to a GatewayError.
 * Codes vary by implementation ("UnAuthorized", "Unauthorized", "PayloadIDRequired",
 * "Payload ID Missing", "VersionMismatch", "Receiver Down"...), so they are matched by meaning
 * on a normalised form. The ErrorMessage text is never passed on: it is free text.
 */
const normalise = (code: string) => code.replace(/[^a-z]/gi, '').toLowerCase();

/** A safe, bounded copy of the code for `details` (it is protocol vocabulary, not data). */
const safeCode = (code: string) => code.replace(/[^\w .-]/g, '').slice(0, 64);

const credentialWords = ['unauthori', 'authenticat', 'forbidden', 'accessdenied', 'credential'];
const transientWords = ['down', 'busy', 'unavailable', 'timeout', 'timedout', 'overload', 'tryagain', 'throttl'];

export function envelopeError(code: string, sourceId: string, upstreamStatus: number): GatewayError {
  const key = normalise(code);
  const details = { sourceId, upstreamStatus, envelopeErrorCode: safeCode(code) };
  if (credentialWords.some((word) => key.includes(word))) {
    return new GatewayError('UPSTREAM_UNAVAILABLE', 'Clearinghouse refused the gateway credentials', { retryable: false, details });
  }
  if (transientWords.some((word) => key.includes(word))) {
    return new GatewayError('UPSTREAM_UNAVAILABLE', 'Clearinghouse cannot process requests now', { retryable: true, details });
  }
  // Missing/illegal/unsupported envelope fields or versions: our request is wrong; resending it will not help.
  return new GatewayError('UPSTREAM_REJECTED', 'Clearinghouse rejected the CORE envelope', { retryable: false, details });
}

/** "Success" (any case or spacing) and an empty code mean no error. */
export const isEnvelopeSuccess = (code: string | undefined): boolean => code === undefined || ['', 'success'].includes(normalise(code));

/** WS-Security 1.1 fault subcodes (SOAP Message Security §12) that mean our token was not accepted. */
const securitySubcodes = ['FailedAuthentication', 'InvalidSecurity', 'InvalidSecurityToken', 'UnsupportedSecurityToken', 'SecurityTokenUnavailable', 'MessageExpired'];

/**
 * Maps a SOAP 1.2 Fault to a GatewayError: a WS-Security refusal is a credentials problem, a
 * Receiver fault is the clearinghouse's (worth retrying later), anything else is our request.
 * The Reason text stays out: it is free text.
 */
export function soapFaultError(fault: SoapFault, sourceId: string, upstreamStatus: number): GatewayError {
  const subcode = fault.subcode ? safeCode(fault.subcode.local) : null;
  const details = { sourceId, upstreamStatus, soapFaultCode: fault.code, ...(subcode ? { soapFaultSubcode: subcode } : {}) };
  const isSecurity = fault.subcode !== null && (fault.subcode.namespace === wsseNamespace || fault.subcode.namespace === null) && securitySubcodes.includes(fault.subcode.local);
  if (isSecurity) return new GatewayError('UPSTREAM_UNAVAILABLE', 'Clearinghouse refused the gateway credentials (SOAP Fault)', { retryable: false, details });
  if (fault.code === 'Receiver') return new GatewayError('UPSTREAM_UNAVAILABLE', 'Clearinghouse failed to process the request (SOAP Fault)', { retryable: true, details });
  return new GatewayError('UPSTREAM_REJECTED', 'Clearinghouse rejected the SOAP request (SOAP Fault)', { retryable: false, details });
}
