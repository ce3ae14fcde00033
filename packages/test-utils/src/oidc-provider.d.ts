// oidc-provider ships no types and @types/oidc-provider lags v9; this declares the small part used here.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface OidcClient {
    clientId: string;
  }

  export interface GrantContext {
    oidc: { params: Record<string, string | undefined>; client: OidcClient };
    body: unknown;
  }

  interface SavedToken {
    save(): Promise<string>;
    readonly expiration: number;
    jti: string;
  }

  export interface GrantModel {
    addOIDCScope(scope: string): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
  }

  export interface AccessTokenModel extends SavedToken {
    resourceServer: unknown;
    scope?: string;
  }

  export type RefreshTokenModel = SavedToken;

  export const errors: {
    InvalidGrant: new (description: string) => Error;
    InvalidRequest: new (description: string) => Error;
    InvalidTarget: new (description?: string) => Error;
  };

  /** The Koa context as seen by middleware added with `provider.use`. */
  export interface KoaContext {
    method: string;
    path: string;
    req: IncomingMessage;
    status: number;
    body: unknown;
    set(field: string, value: string): void;
    oidc?: { params?: Record<string, unknown>; client?: OidcClient };
  }

  export default class Provider {
    constructor(issuer: string, configuration?: object);
    proxy: boolean;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    registerGrantType(
      name: string,
      handler: (ctx: GrantContext) => Promise<void>,
      parameters?: Iterable<string>,
      allowedDuplicateParameters?: Iterable<string>,
    ): void;
    use(middleware: (ctx: KoaContext, next: () => Promise<void>) => Promise<void>): this;
    on(event: string, listener: (token: { jti: string }) => void): this;
    Grant: new (properties: {
      accountId: string;
      clientId: string;
    }) => GrantModel;
    AccessToken: new (
      properties: Record<string, unknown>,
    ) => AccessTokenModel;
    RefreshToken: new (
      properties: Record<string, unknown>,
    ) => RefreshTokenModel;
    ResourceServer: new (
      identifier: string,
      info: object,
    ) => unknown;
  }
}

declare module 'oidc-provider/lib/adapters/memory_adapter.js' {
  export default class MemoryAdapter {
    constructor(model: string);
  }
}
