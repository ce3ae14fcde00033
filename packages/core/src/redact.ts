import { formEncode } from './token-request.ts';

/**
 * Removes known secrets from text that came from outside (a server's
 * `error_description`, a network error's message) before it goes into an error
 * message: a hostile or careless server may echo the client secret or the
 * password back, and an error message ends up in logs.
 */
export type Redactor = (text: string) => string;

/** Builds a {@link Redactor} over the secrets `secrets()` returns at the time of the call (they change as tokens rotate). */
export function createRedactor(secrets: () => Iterable<string | undefined>): Redactor {
  return (text) => {
    // Client assertions, DPoP proofs and JWT access tokens change with every request, so no list
    // of secrets can hold them all: whatever looks like a compact JWS goes.
    let result = text.replace(/eyJ[\w-]*\.[\w-]+\.[\w-]*/g, '[redacted jwt]');
    for (const secret of secrets()) {
      // A secret of a few characters would blank out every word that contains them, and
      // hides nothing worth hiding (a test's 's'): only longer ones are scrubbed.
      if (secret && secret.length > 3) {
        // The forms a secret takes on the wire: as is, in a URL, in a form body, in JSON.
        for (const form of new Set([
          secret,
          encodeURIComponent(secret),
          formEncode(secret),
          JSON.stringify(secret).slice(1, -1),
        ])) {
          result = result.replaceAll(form, '[redacted]');
        }
      }
    }
    return result;
  };
}

/** Cuts text from a server to a length that fits one log line. */
export function truncate(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
