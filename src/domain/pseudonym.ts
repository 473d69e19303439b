import { createHmac } from 'node:crypto';

/**
 * Keyed pseudonyms (HMAC-SHA256 with the hub's secret key). A namespace keeps the same
 * raw value in two datasets from producing the same pseudonym, so that keys cannot be
 * joined across providers. Raw values are never stored, logged or returned.
 */
export function pseudonymise(key: string, namespace: string, value: string): Buffer {
  return createHmac('sha256', key).update(namespace).update('\u0000').update(value.trim()).digest();
}
