// A pod's events as lines for messages: the last ten, oldest first, `Warning FailedScheduling (x3): 0/1 nodes …`.
import type { CoreV1Event } from '@kubernetes/client-node';
import type { KubeApi } from './api.ts';

/** When an event last happened: lastTimestamp, else eventTime, firstTimestamp, creation. */
function eventTime(e: CoreV1Event): number {
  return new Date(e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata?.creationTimestamp ?? 0).getTime();
}

/** The last ten events, oldest first, one line each. */
export function formatEvents(events: CoreV1Event[]): string[] {
  return [...events]
    .sort((a, b) => eventTime(a) - eventTime(b))
    .slice(-10)
    .map(
      (e) =>
        `${e.type ?? 'Normal'} ${e.reason ?? ''}${e.count && e.count > 1 ? ` (x${e.count})` : ''}: ${(e.message ?? '').trim()}`,
    );
}

/** The events about one pod, formatted. */
export async function podEvents(api: KubeApi, namespace: string, pod: string): Promise<string[]> {
  const list = await api.call({ verb: 'list', resource: 'events', namespace }, (o) =>
    api.core.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.kind=Pod,involvedObject.name=${pod}` }, o),
  );
  return formatEvents(list.items);
}
