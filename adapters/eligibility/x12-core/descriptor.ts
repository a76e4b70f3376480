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
  /** CAQH CORE connectivity: HTTP Basic credentials of the clearinghouse account. */
  username: z.string().min(1),
  password: secretRef,
});

/** X12 270/271 over CAQH CORE connectivity (SOAP-less HTTP MIME multipart). */
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
      timeoutMs: source.timeoutMs,
    }),
});
