import type { ConfigProblems, EnvLookup } from '../../config/parse-config';
import { createValueEncryption, EncryptionKeyError, type ValueEncryption } from '../crypto/value-encryption';
import { encryptionKeyVariable } from './env-fields';

/**
 * The value-sealing codec from CACHE_ENCRYPTION_KEYS / CACHE_ENCRYPTION_KEY (both runtimes).
 * `requiredBecause`: the whole sentence to report when no key is set (production with shared
 * state); an unparseable key is reported naming its variable, never its value.
 */
export async function valueEncryptionFromEnv(env: EnvLookup, requiredBecause: string | undefined, problems: ConfigProblems): Promise<ValueEncryption | undefined> {
  const variable = encryptionKeyVariable(env);
  if (!variable) {
    if (requiredBecause) problems.add('', requiredBecause);
    return undefined;
  }
  try {
    return await createValueEncryption(env(variable) ?? '');
  } catch (error) {
    if (!(error instanceof EncryptionKeyError)) throw error;
    problems.add(variable, error.message);
    return undefined;
  }
}
