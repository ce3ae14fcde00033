// Entry for Node, Deno and Bun: the config is the first argument (JSON); the report goes to
// stdout as one `RESULT <json>` line. The process is left to end by itself: a timer or a
// socket the packages leave behind shows up as a process that does not exit.
import { runScenario, type ScenarioConfig } from './scenario.ts';

const runtime = globalThis as { Deno?: { args: string[] }; process?: { argv: string[] } };
const argument = runtime.Deno?.args[0] ?? runtime.process?.argv[2];
if (!argument) throw new Error('usage: <runtime> cli.js <config json>');
const report = await runScenario(JSON.parse(argument) as ScenarioConfig);
console.log(`RESULT ${JSON.stringify(report)}`);
