import type { ManifestObject } from '../../manifests/types.ts';
import { surprisingSpelling } from '../../manifests/kubectl-yaml.ts';
import { fieldAt, showField, showValue } from '../../manifests/fields.ts';
import { describeObject } from '../singletons.ts';
import type { ObjectReport, Rule } from '../types.ts';

/** A singleton CronJob must forbid overlapping runs and run one pod per job. */
export const singletonCronjobConcurrency: Rule = {
  meta: {
    id: 'singleton-cronjob-concurrency',
    description: 'A singleton CronJob must set concurrencyPolicy: Forbid and no jobTemplate parallelism above 1.',
    defaultSeverity: 'error',
    fixable: true,
    docs:
      'With the default concurrencyPolicy Allow, a run that outlasts its schedule overlaps the next one; Replace ' +
      'starts the new run while the old pod is still terminating. Forbid skips a run while one is active. ' +
      'spec.jobTemplate.spec.parallelism above 1 runs several pods of one job at once. Passes: ' +
      '`concurrencyPolicy: Forbid` and parallelism absent or 1. Reported at the offending value, or at the ' +
      "object's `kind:` when concurrencyPolicy is missing. --fix sets or adds `concurrencyPolicy: Forbid`; " +
      'parallelism is left for a person to change.',
  },
  check(context) {
    const reports: ObjectReport[] = [];
    for (const object of context.singletons) {
      if (object.kind === 'CronJob') reports.push(...checkCronJob(object));
    }
    return reports;
  },
};

const PARALLELISM = ['spec', 'jobTemplate', 'spec', 'parallelism'] as const;

function checkCronJob(object: ManifestObject): ObjectReport[] {
  const reports: ObjectReport[] = [];
  const who = describeObject(object);
  const policy = fieldAt(object.object, ['spec', 'concurrencyPolicy']);
  if (policy !== 'Forbid') {
    const fix = [{ op: 'set', path: ['spec', 'concurrencyPolicy'], value: 'Forbid' }] as const;
    const message =
      policy === undefined || policy === null
        ? `${who} has no spec.concurrencyPolicy, which defaults to Allow (a new run starts while the last one still runs): set spec.concurrencyPolicy: Forbid`
        : policy === 'Replace'
          ? `${who} has concurrencyPolicy: Replace, which starts the new run while the old pod is still terminating: set spec.concurrencyPolicy: Forbid`
          : `${who} has concurrencyPolicy: ${showValue(policy)}, which lets runs overlap: set spec.concurrencyPolicy: Forbid`;
    reports.push({ object, path: ['spec', 'concurrencyPolicy'], message, fix });
  }
  const parallelism = fieldAt(object.object, PARALLELISM);
  if (parallelism !== undefined && parallelism !== null && !(typeof parallelism === 'number' && parallelism <= 1)) {
    reports.push({
      object,
      path: PARALLELISM,
      message: `${who} runs ${showValue(parallelism)} pods of each job at once (jobTemplate.spec.parallelism${surprisingSpelling(object, PARALLELISM) ? `: ${showField(object, PARALLELISM)}` : ''}): set spec.jobTemplate.spec.parallelism: 1 or remove it`,
    });
  }
  return reports;
}
