// Entry for workerd: a module worker whose `CONFIG` binding holds the config (JSON); any
// request runs the scenario once and answers the report as JSON.
import { runScenario, type ScenarioConfig } from './scenario.ts';

export default {
  async fetch(_request: Request, env: { CONFIG: string }): Promise<Response> {
    const report = await runScenario(JSON.parse(env.CONFIG) as ScenarioConfig);
    return Response.json(report);
  },
};
