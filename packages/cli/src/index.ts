export { describeToken, type TokenDescription } from './describe-token.ts';
export { type CliIo, runCli, usage } from './run-cli.ts';
