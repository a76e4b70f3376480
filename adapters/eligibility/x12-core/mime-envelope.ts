import { coreEnvelopeFields, type CoreEnvelope } from './core-envelope';

/**
 * The HTTP+MIME envelope: a multipart/form-data body, one part per metadata field (credentials
 * included). Built and read with the Web-standard FormData, so it runs on Node and Workers alike.
 */

export function envelopeToFormData(envelope: CoreEnvelope): FormData {
  const form = new FormData();
  for (const field of coreEnvelopeFields) {
    const value = envelope[field];
    if (value !== undefined) form.append(field, value);
  }
  return form;
}

/** The envelope fields of a parsed multipart body; a payload sent as a file part is read as text. */
export async function formDataToEnvelope(form: FormData): Promise<CoreEnvelope> {
  const envelope: CoreEnvelope = {};
  for (const field of coreEnvelopeFields) {
    const value = form.get(field);
    if (value === null) continue;
    envelope[field] = typeof value === 'string' ? value : await value.text();
  }
  return envelope;
}
