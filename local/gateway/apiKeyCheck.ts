// API Gateway's API-key step: a known x-api-key, then a place in the key's usage plan (rate, burst, daily quota).
// Only for a method whose security names the api_key scheme; the key's source is the HEADER.
import { API_KEY_SCHEME, type Operation } from '../../apiGateway/apiGatewaySpec.js';
import type { GatewayResponseType } from './gatewayResponse.js';
import type { UsagePlan } from './usagePlan.js';

export interface ApiKeyStore {
  /** Key value → key id. */
  readonly keys: ReadonlyMap<string, string>;
  readonly usagePlan: UsagePlan;
}

export type ApiKeyDecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'allowed'; readonly apiKey: string; readonly apiKeyId: string }
  | { readonly kind: 'refused'; readonly type: GatewayResponseType; readonly message: string };

const requiresKey = (operation: Operation) =>
  (operation.security ?? []).some((requirement) => API_KEY_SCHEME in requirement);

export function checkApiKey(store: ApiKeyStore, operation: Operation, value: string | undefined): ApiKeyDecision {
  if (!requiresKey(operation)) return { kind: 'none' };
  const apiKeyId = value === undefined ? undefined : store.keys.get(value);
  if (value === undefined || apiKeyId === undefined) {
    return { kind: 'refused', type: 'INVALID_API_KEY', message: 'Forbidden' };
  }
  const usage = store.usagePlan.take(apiKeyId);
  if (!usage.allowed) {
    return usage.reason === 'quota'
      ? { kind: 'refused', type: 'QUOTA_EXCEEDED', message: 'Limit Exceeded' }
      : { kind: 'refused', type: 'THROTTLED', message: 'Too Many Requests' };
  }
  return { kind: 'allowed', apiKey: value, apiKeyId };
}
