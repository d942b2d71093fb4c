// Prometheus text exposition of Flowscope's own health figures.
import 'server-only';
import type { RelayStatus } from '@/lib/api/types';

export interface MetricsInput {
  relay: RelayStatus;
  liveClients: number;
  liveFlowsDropped: number;
  store: { flows: number; bytes: number; evicted: number };
  /** Retained decisions by verdict key (FlowStore.decisions). */
  decisions?: Record<string, number>;
  /** Reported verdicts checked against Flowscope's evaluator, by result. */
  selfCheck?: Record<'agreed' | 'disagreed' | 'unconfirmed', number>;
  /** The process's memory; read when the metrics are rendered unless given. */
  memory?: Pick<NodeJS.MemoryUsage, 'rss' | 'heapUsed' | 'external'>;
}

interface Metric {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  samples: { labels?: Record<string, string>; value: number }[];
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function render(metrics: Metric[]): string {
  const lines: string[] = [];
  for (const m of metrics) {
    lines.push(`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} ${m.type}`);
    for (const s of m.samples) {
      const labels = s.labels
        ? '{' +
          Object.entries(s.labels)
            .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
            .join(',') +
          '}'
        : '';
      lines.push(`${m.name}${labels} ${Number.isFinite(s.value) ? s.value : 0}`);
    }
  }
  return lines.join('\n') + '\n';
}

export function renderMetrics(input: MetricsInput): string {
  const { relay } = input;
  const memory = input.memory ?? process.memoryUsage();
  const lost = Object.entries(relay.lostEvents.bySource).map(([source, value]) => ({
    labels: { source },
    value,
  }));
  return render([
    {
      name: 'flowscope_flows_ingested_total',
      help: 'Flows received from the relay and kept (duplicates excluded).',
      type: 'counter',
      samples: [{ value: relay.flowsReceived }],
    },
    {
      name: 'flowscope_flows_duplicate_total',
      help: 'Flows the relay sent again after a resume and that were dropped as duplicates.',
      type: 'counter',
      samples: [{ value: relay.duplicatesDropped }],
    },
    {
      name: 'flowscope_live_flows_dropped_total',
      help: 'Flows dropped from the queues of live clients that fell behind.',
      type: 'counter',
      samples: [{ value: input.liveFlowsDropped }],
    },
    {
      name: 'flowscope_relay_reconnects_total',
      help: 'Times the relay stream was lost and reconnected.',
      type: 'counter',
      samples: [{ value: relay.reconnects }],
    },
    {
      name: 'flowscope_relay_connected',
      help: '1 while the relay flow stream is up.',
      type: 'gauge',
      samples: [{ value: relay.state === 'connected' ? 1 : 0 }],
    },
    {
      name: 'flowscope_relay_nodes',
      help: 'Hubble nodes behind the relay, by state.',
      type: 'gauge',
      samples: [
        { labels: { state: 'connected' }, value: relay.connectedNodes },
        { labels: { state: 'unavailable' }, value: relay.unavailableNodes },
      ],
    },
    {
      name: 'flowscope_hubble_lost_events_total',
      help: 'Events Hubble reported lost, by where they were lost.',
      type: 'counter',
      samples: lost.length > 0 ? lost : [{ labels: { source: 'none' }, value: 0 }],
    },
    {
      name: 'flowscope_policy_self_check_total',
      help: "Policy verdicts Hubble reported with their deciding policies, checked against Flowscope's evaluation: agreed, disagreed, or unconfirmed (Flowscope could not decide).",
      type: 'counter',
      samples: (['agreed', 'disagreed', 'unconfirmed'] as const).map((result) => ({
        labels: { result },
        value: input.selfCheck?.[result] ?? 0,
      })),
    },
    {
      name: 'flowscope_live_clients',
      help: 'Browsers connected to the live stream.',
      type: 'gauge',
      samples: [{ value: input.liveClients }],
    },
    {
      name: 'flowscope_store_flows',
      help: 'Flows retained in the store.',
      type: 'gauge',
      samples: [{ value: input.store.flows }],
    },
    {
      name: 'flowscope_store_decisions',
      help: 'Decisions retained in the store, by verdict: each denied packet once (its policy-verdict event and drop notification are one decision), as the flow list, map, timeline and policy view count them.',
      type: 'gauge',
      samples: Object.entries(input.decisions ?? {}).map(([verdict, value]) => ({
        labels: { verdict },
        value,
      })),
    },
    {
      name: 'flowscope_store_bytes',
      help: 'Bytes the retained flows use.',
      type: 'gauge',
      samples: [{ value: input.store.bytes }],
    },
    {
      name: 'flowscope_store_evicted_total',
      help: 'Flows removed from the store by its retention limits.',
      type: 'counter',
      samples: [{ value: input.store.evicted }],
    },
    {
      name: 'process_resident_memory_bytes',
      help: 'Resident memory of the Flowscope server process.',
      type: 'gauge',
      samples: [{ value: memory.rss }],
    },
    {
      name: 'nodejs_heap_size_used_bytes',
      help: 'JavaScript heap in use.',
      type: 'gauge',
      samples: [{ value: memory.heapUsed }],
    },
    {
      name: 'nodejs_external_memory_bytes',
      help: 'Memory of buffers and other objects outside the JavaScript heap.',
      type: 'gauge',
      samples: [{ value: memory.external }],
    },
  ]);
}
