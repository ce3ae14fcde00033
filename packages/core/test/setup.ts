// Core loads some modules only when they are needed (the retry loop after a first failure,
// discovery, session ending, request styles). In production that keeps them out of the
// common bundle; in tests with fake timers, a first load from disk would take real time while
// the fake clock races ahead, so they are loaded once here, before any test runs.
import '../src/discovery.ts';
import '../src/guarded-store.ts';
import '../src/other-sets.ts';
import '../src/request-styles.ts';
import '../src/retry-loop.ts';
import '../src/session-end.ts';
import '../src/store-protocol.ts';
