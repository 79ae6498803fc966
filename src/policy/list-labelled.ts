/**
 * The labelled workloads live in the cluster, found with kubectl when the policy is applied: their names go into
 * the policy, so that their scale subresource and autoscalers aimed at them are refused too (those requests do not
 * carry the workload's labels).
 */
import { spawnCommand } from '../core/process.ts';
import type { KubectlOptions, RunCommand } from '../kube/kubectl.ts';
import { SINGLETON_LABEL, SINGLETON_LABEL_VALUE } from '../lint/labels.ts';
import type { NamedSingleton } from './objects.ts';
import { WORKLOAD_KIND_TABLE, findWorkloadKind } from '../core/workloads.ts';

/** The kubectl arguments that list every labelled Deployment, StatefulSet and CronJob, in all namespaces. */
export function listMarkedArgs(kubeconfig?: string): string[] {
  return [
    'get',
    WORKLOAD_KIND_TABLE.map((k) => `${k.plural}.${k.groups[0]}`).join(','),
    '--all-namespaces',
    '-l',
    `${SINGLETON_LABEL}=${SINGLETON_LABEL_VALUE}`,
    '-o',
    'json',
    '--request-timeout=30s',
    ...(kubeconfig ? [`--kubeconfig=${kubeconfig}`] : []),
  ];
}

/** The singletons in `kubectl get -o json` output (a List); anything else in it is ignored. */
export function markedFromList(json: string): NamedSingleton[] {
  let list: unknown;
  try {
    list = JSON.parse(json);
  } catch (error) {
    throw new Error(`kubectl get printed something that is not JSON: ${(error as Error).message}`, { cause: error });
  }
  const items = (list as { items?: unknown }).items;
  if (!Array.isArray(items)) return [];
  const found: NamedSingleton[] = [];
  for (const item of items as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } }[]) {
    const resource = findWorkloadKind(item.kind)?.plural;
    const name = item.metadata?.name;
    const namespace = item.metadata?.namespace;
    if (resource && typeof name === 'string' && typeof namespace === 'string')
      found.push({ namespace, resource, name });
  }
  return found;
}

/** Lists the labelled workloads with kubectl; a failure names kubectl's own first line (redacted). */
export async function listMarkedWorkloads(options: KubectlOptions): Promise<NamedSingleton[]> {
  const run = options.run ?? spawnCommand;
  let result: Awaited<ReturnType<RunCommand>>;
  try {
    result = await run(options.path, listMarkedArgs(options.kubeconfig), options.cwd ? { cwd: options.cwd } : {});
  } catch (error) {
    throw new Error(
      `kubectl could not run (${options.path}): ${options.redact((error as Error).message.split('\n')[0] ?? '')}`,
      {
        cause: error,
      },
    );
  }
  if (result.exitCode !== 0) {
    const why = result.stderr.split('\n').find((l) => l.trim() !== '') ?? `exit code ${result.exitCode}`;
    throw new Error(`kubectl get of the labelled workloads failed: ${options.redact(why.trim())}`);
  }
  return markedFromList(result.stdout);
}
