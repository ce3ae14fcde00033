import { attachBearer } from '@tokenkeeper/axios';
import type { TokenParams, TokenSource } from '@tokenkeeper/core';
import axios, { type AxiosRequestConfig } from 'axios';
import { expectTypeOf, test } from 'vitest';

declare const tokens: TokenSource;

test('the opt-out and the token set are typed fields of every axios request config', () => {
  const api = axios.create({ baseURL: 'https://api.example.com' });
  expectTypeOf(attachBearer(api, tokens)).toEqualTypeOf<() => void>();
  expectTypeOf<AxiosRequestConfig['bearer']>().toEqualTypeOf<boolean | TokenParams | undefined>();
  void api.get('/health', { bearer: false });
  void api.post('/orders', {}, { bearer: { scope: 'orders:write' } });
  void api.get('/orders', { bearer: { audience: 'https://api.example.com', resource: 'urn:x' } });
  // @ts-expect-error the opt-out is a boolean
  void api.get('/health', { bearer: 'no' });
  // @ts-expect-error a scope is a space-separated string
  void api.get('/orders', { bearer: { scope: ['orders:read'] } });
});

test('the instance takes its own token set beside its origins', () => {
  const api = axios.create();
  attachBearer(api, tokens, {
    origins: ['https://api.example.com'],
    scope: 'orders:read',
    audience: 'https://api.example.com',
    resource: 'https://api.example.com/',
  });
  // @ts-expect-error not an option of the adapter
  attachBearer(api, tokens, { scopes: 'orders:read' });
});
