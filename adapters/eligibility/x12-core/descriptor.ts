import { z } from 'zod';
import { secretRef } from '../../../config/schema-parts';
import { eligibilitySourceBase } from '../../../config/source-bases';
import { defineSourceAdapter } from '../../shared/source-adapter';
import { createX12CoreAdapter } from './adapter';

export const x12CoreSourceConfig = eligibilitySourceBase.extend({
  adapter: z.literal('x12-core'),
  /** ISA06 / GS02 and the envelope SenderID. */
  senderId: z.string().default('CAREGATE'),
  /** ISA08 / GS03 and the envelope ReceiverID. */
  receiverId: z.string().default('CLEARINGHOUSE'),
  /**
   * CAQH CORE connectivity: the clearinghouse submitter account. It travels inside the envelope
   * (MIME `UserName`/`Password` fields, or a WS-Security UsernameToken), never as HTTP Basic.
   */
  username: z.string().min(1),
  password: secretRef,
  /** The CORE envelope standard the clearinghouse serves: HTTP+MIME multipart or SOAP 1.2 + WSDL. */
  envelope: z.enum(['mime', 'soap']).default('mime'),
});

/** X12 270/271 over CAQH CORE Phase II connectivity (HTTP+MIME or SOAP+WSDL envelope). */
export const x12CoreAdapter = defineSourceAdapter({
  kind: 'eligibility',
  adapter: 'x12-core',
  configSchema: x12CoreSourceConfig,
  create: (source, deps) =>
    createX12CoreAdapter({
      sourceId: source.id,
      baseUrl: source.baseUrl,
      fetch: deps.fetch,
      clock: deps.clock,
      senderId: source.senderId,
      receiverId: source.receiverId,
      credentials: { username: source.username, password: deps.secret(source.password, 'password') },
      envelope: source.envelope,
      timeoutMs: source.timeoutMs,
    }),
});
