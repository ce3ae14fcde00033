// Entry for the browser: the config is the page's `?config=` (JSON); the report (or the error
// that stopped the scenario) lands in `globalThis.matrixReport` for the harness to read.
import { runScenario, type ScenarioConfig } from './scenario.ts';

const page = globalThis as { matrixReport?: unknown };
const config = JSON.parse(new URLSearchParams(location.search).get('config') ?? 'null');
runScenario(config as ScenarioConfig).then(
  (report) => {
    page.matrixReport = report;
  },
  (error: unknown) => {
    page.matrixReport = {
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  },
);
