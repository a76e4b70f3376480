import { ConfigProblems } from '../config/parse-config';
import { systemClock } from '../src/ports/clock';
import { checkConfigEnvironment } from '../src/runtime/config-environment-check';
import { nodeValueEncryption, readNodeEnvAndConfig } from '../src/runtime/node-startup-check';
import { resolveSandboxUrls, sandboxHostNames } from '../src/runtime/resolve-sandbox-urls';
import { sandboxSecretsFor } from '../src/runtime/sandbox';

/**
 * `npm run config:check [file]`: the config file (default CAREGATE_CONFIG, else the sandbox
 * config) checked with this environment exactly as a start would check it, printing every
 * problem at once: bad environment values, config fields, each unset secret with its field,
 * each key of the wrong kind with its source and variable. Exit 1 when there is any. Starts
 * nothing and calls no one; sandbox sources get their simulators' sandbox secrets.
 */
const file = process.argv.slice(2).find((arg) => arg !== '--');
const env = process.env;
const problems = new ConfigProblems();
const { config } = readNodeEnvAndConfig(env, problems, file);
if (config) {
  const sandboxSecrets = await sandboxSecretsFor(config);
  // Placeholder URLs: a check builds the ports (which parse their base URLs) and calls nothing.
  const names = sandboxHostNames(config);
  const checked = resolveSandboxUrls(config, Object.fromEntries(names.map((name) => [name, `http://127.0.0.1:9/${name}`])));
  await nodeValueEncryption(env, config.mode, problems);
  await checkConfigEnvironment(checked, { env: (name) => env[name] ?? sandboxSecrets[name], clock: systemClock }, problems);
}
const where = file ?? env['CAREGATE_CONFIG'] ?? 'config/sandbox.json';
if (problems.list.length > 0) {
  console.error(`${where}: ${problems.list.length} problem${problems.list.length === 1 ? '' : 's'}`);
  for (const problem of problems.list) console.error(`  ${problem.path ? `${problem.path}: ` : ''}${problem.message}`);
  process.exit(1);
}
console.log(`${where}: ok (${config?.mode}, ${config?.sources.length} sources)`);
