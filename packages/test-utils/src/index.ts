/// <reference path="./oidc-provider.d.ts" />
export { type AdminTarget, handleAdmin } from './admin.ts';
export { CHROMIUM_ARGS } from './chromium-args.ts';
export { type Controls, createControls, type TokenCounters } from './controls.ts';
export { type DpopResourceServer, startDpopResourceServer } from './dpop-resource-server.ts';
export {
  type Auth0Fixture,
  type Auth0FixtureOptions,
  startAuth0Fixture,
} from './fixtures/auth0-fixture.ts';
export type {
  FixtureBase,
  FixtureReply,
  FixtureRequest,
  FixtureStats,
  ReplyOverride,
} from './fixtures/fixture-server.ts';
export {
  type KeycloakFixture,
  type KeycloakFixtureOptions,
  startKeycloakFixture,
} from './fixtures/keycloak-fixture.ts';
export {
  type QueryFixture,
  type QueryFixtureOptions,
  startQueryFixture,
} from './fixtures/query-fixture.ts';
export {
  type SeedFixture,
  type SeedFixtures,
  type SeedKind,
  startSeedFixture,
} from './fixtures/seed-fixture.ts';
export { parseBasicAuth, readBody, sendJson, sha256 } from './http-util.ts';
export { createJwtIssuer, type JwtIssuer } from './jwt-issuer.ts';
export { type Listening, listen } from './listen.ts';
export {
  type OidcServer,
  type OidcServerOptions,
  type OidcStats,
  startOidcServer,
} from './oidc-server.ts';
export {
  type RecordedRequest,
  type RecorderServer,
  startRecorderServer,
} from './recorder-server.ts';
export {
  BODY_SHA256_HEADER,
  type ResourceMode,
  type ResourceRequest,
  type ResourceServer,
  type ResourceStats,
  startResourceServer,
} from './resource-server.ts';
export { type ServeInfo, startServe } from './serve-info.ts';
