import { attachBearer } from '@tokenkeeper/axios';
import type { TokenSource } from '@tokenkeeper/core';
import axios, { type AxiosRequestConfig } from 'axios';
import { expectTypeOf, test } from 'vitest';

declare const tokens: TokenSource;

test('the opt-out is a typed field of every axios request config', () => {
  const api = axios.create({ baseURL: 'https://api.example.com' });
  expectTypeOf(attachBearer(api, tokens)).toEqualTypeOf<() => void>();
  expectTypeOf<AxiosRequestConfig['bearer']>().toEqualTypeOf<boolean | undefined>();
  void api.get('/health', { bearer: false });
  // @ts-expect-error the opt-out is a boolean
  void api.get('/health', { bearer: 'no' });
});
