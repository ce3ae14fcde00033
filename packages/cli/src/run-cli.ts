import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { createTokenManager, isTokenKeeperError, revokeToken } from '@tokenkeeper/core';
import { type ConnectionValues, connectionFlags, managerOptions } from './connection-options.ts';
import { describeToken } from './describe-token.ts';
import { UsageError } from './usage-error.ts';

/** Where the command reads and writes: the process's, or a test's. */
export interface CliIo {
  env: Record<string, string | undefined>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
}

export const usage = `Usage: tokenkeeper <command> [options]

Commands
  token              print an access token (for: curl -H "Authorization: Bearer $(tokenkeeper token …)")
  inspect            decode a JWT (--token - reads stdin), or obtain one and decode it; no signature check
  revoke             revoke a token read from stdin at an RFC 7009 endpoint (--endpoint)

Connection options (or TOKENKEEPER_TOKEN_ENDPOINT, _ISSUER, _CLIENT_ID, _SCOPE, _AUDIENCE, _USERNAME)
  --token-endpoint <url> | --issuer <url>   --client-id <id>
  --grant client_credentials|password|refresh_token   --username <name>
  --style form|json|query   --auth client_secret_post|client_secret_basic|none
  --scope <scopes>   --audience <api>   --param name=value   --insecure-http
Secrets come from the environment only: TOKENKEEPER_CLIENT_SECRET, TOKENKEEPER_PASSWORD,
TOKENKEEPER_REFRESH_TOKEN. A token printed by \`token\` is not revoked when the command exits.

Other options
  token:   --json   (the token with its type, expiry and scope)
  revoke:  --endpoint <url>   --hint refresh_token|access_token
`;

/**
 * Runs one `tokenkeeper` command and resolves its exit status: 0 done, 1 the
 * server or the token said no (a typed, secret-free message), 2 a usage error.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const [command, ...rest] = argv;
    switch (command) {
      case 'token':
        return await token(rest, io);
      case 'inspect':
        return await inspect(rest, io);
      case 'revoke':
        return await revoke(rest, io);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(usage);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command.slice(0, 40)}"`);
    }
  } catch (error) {
    if (
      error instanceof UsageError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      io.stderr(`tokenkeeper: ${(error as Error).message}\nRun \`tokenkeeper help\` for usage.\n`);
      return 2;
    }
    if (isTokenKeeperError(error)) {
      io.stderr(`tokenkeeper: ${error.code}: ${error.message}\n`);
      return 1;
    }
    io.stderr(`tokenkeeper: unexpected ${(error as Error)?.name ?? 'error'}\n`);
    return 1;
  }
}

function parse<const O extends ParseArgsOptionsConfig>(args: string[], options: O) {
  return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
}

async function token(args: string[], io: CliIo): Promise<number> {
  const values = parse(args, { ...connectionFlags, json: { type: 'boolean' } });
  await using tokens = createTokenManager(managerOptions(values as ConnectionValues, io.env));
  const set = await tokens.getToken();
  if (values.json) {
    const { accessToken, tokenType, expiresAt, scope } = set;
    io.stdout(
      `${JSON.stringify({ accessToken, tokenType, expiresAt: new Date(expiresAt).toISOString(), scope }, null, 2)}\n`,
    );
  } else {
    io.stdout(`${set.accessToken}\n`);
  }
  return 0;
}

async function inspect(args: string[], io: CliIo): Promise<number> {
  const values = parse(args, { ...connectionFlags, token: { type: 'string' } });
  let subject: string;
  let obtained: object = {};
  if (values.token !== undefined) {
    subject = values.token === '-' ? (await io.readStdin()).trim() : values.token;
  } else {
    await using tokens = createTokenManager(managerOptions(values as ConnectionValues, io.env));
    const set = await tokens.getToken();
    subject = set.accessToken;
    obtained = {
      expiresAt: new Date(set.expiresAt).toISOString(),
      scope: set.scope,
      refreshToken: set.refreshToken ? 'present' : 'none',
    };
  }
  if (!subject) throw new UsageError('no token to inspect');
  io.stdout(`${JSON.stringify({ ...describeToken(subject), ...obtained }, null, 2)}\n`);
  return 0;
}

async function revoke(args: string[], io: CliIo): Promise<number> {
  const values = parse(args, {
    endpoint: { type: 'string' },
    'client-id': { type: 'string' },
    auth: { type: 'string' },
    hint: { type: 'string' },
    'insecure-http': { type: 'boolean' },
  });
  const endpoint = values.endpoint ?? io.env.TOKENKEEPER_REVOCATION_ENDPOINT;
  const clientId = values['client-id'] ?? io.env.TOKENKEEPER_CLIENT_ID;
  if (!endpoint) throw new UsageError('give --endpoint (or TOKENKEEPER_REVOCATION_ENDPOINT)');
  if (!clientId) throw new UsageError('give --client-id (or TOKENKEEPER_CLIENT_ID)');
  if (
    values.hint !== undefined &&
    values.hint !== 'refresh_token' &&
    values.hint !== 'access_token'
  ) {
    throw new UsageError('--hint is refresh_token or access_token');
  }
  const subject = (await io.readStdin()).trim();
  if (!subject) throw new UsageError('pipe the token to revoke into standard input');
  await revokeToken({
    endpoint,
    clientId,
    clientSecret: io.env.TOKENKEEPER_CLIENT_SECRET || undefined,
    clientAuthentication: values.auth as 'client_secret_post' | undefined,
    token: subject,
    tokenTypeHint: values.hint as 'refresh_token' | 'access_token' | undefined,
    allowInsecureHttp: values['insecure-http'] ?? false,
  });
  io.stderr('revoked\n');
  return 0;
}
