import { ensureTemplate } from '../../libs/database/src/testing';
import { prepareTemplate } from '../support/template';
import { ALL_SCENARIOS, formatTable, runScenario, ScenarioName, ScenarioResult, violations } from './scenarios';

/**
 * `npm run test:chaos [scenario ...] [--submissions=N]`: runs the chaos scenarios one after the
 * other (they share a 2-core machine; in parallel they would measure each other), prints the
 * table and exits 1 if any scenario broke its guarantee.
 */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const names = args.filter((a) => !a.startsWith('--')) as ScenarioName[];
  for (const n of names) if (!ALL_SCENARIOS.includes(n)) throw new Error(`unknown scenario ${n}; known: ${ALL_SCENARIOS.join(', ')}`);
  const submissions = Number(args.find((a) => a.startsWith('--submissions='))?.split('=')[1] ?? 50);
  process.env.LOG_LEVEL ??= 'warn';

  await ensureTemplate(prepareTemplate);
  const results: ScenarioResult[] = [];
  for (const name of names.length ? names : ALL_SCENARIOS) {
    const r = await runScenario(name, { submissions, log: (l) => console.log(l) });
    results.push(r);
    const broken = violations(r);
    console.log(`[${name}] ${r.ok ? 'ok' : 'BROKEN: ' + broken.join('; ')}${r.notes.length ? ' (' + r.notes.join('; ') + ')' : ''}`);
  }
  console.log('\n' + formatTable(results) + '\n');
  console.log('accepted: 202 answers / requests sent; refused: other answers by status (0 = no answer);');
  console.log('duplicated: extra acceptances of a letter Message-ID at the sink; counter drift: actions taken / messages sent minus a recount.');
  return results.every((r) => r.ok) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(2);
  },
);
