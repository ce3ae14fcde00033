/**
 * The acceptance suite every adapter runs: the real client, a real oidc-provider,
 * a real protected API and a real "other origin" server, all on loopback. Each
 * adapter only says how its client sends one request.
 *
 * This is the `@tokenkeeper/test-utils/adapter-suite` entry; the suite's parts live in
 * `./adapter-suite/`.
 */
export type {
  AdapterUnderTest,
  BodyKind,
  ClientSetup,
  Reply,
  Send,
  SendRequest,
} from './adapter-suite/adapter.ts';
export { payloads } from './adapter-suite/payloads.ts';
export { runAdapterSuite } from './adapter-suite/suite.ts';
export { SUITE_SCOPES, startWorld, useWorld, type World } from './adapter-suite/world.ts';
