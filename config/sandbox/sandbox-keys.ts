import gatewaySigning from './keys/gateway-signing.jwk.json';
import sandboxInternal from './keys/sandbox-internal.jwk.json';
import sandboxPayer from './keys/sandbox-payer.jwk.json';
import sandboxPayerB from './keys/sandbox-payer-b.jwk.json';
import sandboxRides from './keys/sandbox-rides.jwk.json';

/**
 * SANDBOX-ONLY key material, committed on purpose so a newcomer can run the real token
 * flow at once. Production config cannot reference these (config validation refuses it).
 * Imported statically so the Worker bundle can carry them too.
 */
export const sandboxGatewaySigningJwk: JsonWebKeyWithKid = gatewaySigning;

export const sandboxPartnerPrivateJwks: Readonly<Record<string, JsonWebKeyWithKid>> = {
  'sandbox-internal': sandboxInternal,
  'sandbox-payer': sandboxPayer,
  'sandbox-payer-b': sandboxPayerB,
  'sandbox-rides': sandboxRides,
};

export interface JsonWebKeyWithKid {
  kty: string;
  kid: string;
  alg: string;
  crv?: string;
  x?: string;
  y?: string;
  d?: string;
}
