// The process-wide Flowscope runtime: one relay stream, one ingest, one fan-out. Next.js may
// load this module more than once (instrumentation and each route bundle), so the instance
// lives on globalThis and is created once.
import 'server-only';
import { config } from '@/server/config';
import type { FlowscopeConfig } from '@/server/config';
import { RelayClient } from '@/server/relay/relay-client';
import { LiveHub } from '@/server/live/live-hub';
import { MapDeltaHub } from '@/server/live/map-delta-hub';
import { openFlowStore } from '@/server/store/flow-store';
import type { FlowStore } from '@/server/store/flow-store';
import { log } from '@/server/log';
import { RelayStatusTracker } from '@/server/relay/relay-status';
import { openGapLog } from '@/server/relay/gap-file';
import type { GapLog } from '@/server/relay/gap-log';
import { getPolicySource, type PolicySource } from '@/server/policies/source';
import { setAgentSettings } from '@/server/policies/agent-settings';
import { SelfCheckCounters } from '@/server/policies/self-check';
import { dnsAnswers } from '@/server/policies/dns-answers';
import path from 'node:path';
import { StagedTracker } from '@/server/lab/staged-tracker';
import { onStagedSourceSet, setStagedSource, stagedSource } from '@/server/lab/staged-source';
import { folderStagedSource } from '@/server/lab/staged-folder';
import { draftStagedSource } from '@/server/lab/draft-staged-source';
import { getDraftStore } from '@/server/lab/drafts';

const DEMO_POLICY_DIR = path.join(process.cwd(), 'server/policies/demo');
import type { RelayStatus } from '@/lib/api/types';
import type { MetricsInput } from '@/server/http/metrics';

export interface Runtime {
  config: FlowscopeConfig;
  /** Absent when Flowscope runs without a relay (HUBBLE_RELAY_ADDR=none). */
  relay?: RelayClient;
  hub: LiveHub;
  /** Live map deltas, computed once per scope and filter for every client of that map. */
  mapDeltas: MapDeltaHub;
  store: FlowStore;
  /** Time ranges whose flows could not be recovered (kept beside the history). */
  gaps: GapLog;
  status(): RelayStatus;
  /** The policies that explain verdicts: a folder, the cluster, or the demo's own. */
  policies(): Promise<PolicySource>;
  /** Ready to serve: the relay stream is up, or there is history to show without it. */
  ready(): boolean;
  metrics(): MetricsInput;
  /** What the staged drafts would deny of the new flows (server/lab/staged-tracker.ts). */
  staged: StagedTracker;
  stop(): Promise<void>;
}

const KEY = Symbol.for('flowscope.runtime');
type Holder = { [KEY]?: Promise<Runtime> };

interface FlowSource {
  address: string;
  mode: 'demo' | 'relay';
  stop(): Promise<void>;
}

async function flowSource(cfg: FlowscopeConfig): Promise<FlowSource | undefined> {
  if (cfg.relayAddress === 'none') return undefined;
  if (cfg.relayAddress) return { address: cfg.relayAddress, mode: 'relay', stop: async () => {} };
  // No relay configured: serve the embedded demo relay, reached over real gRPC like any relay.
  const { startDemoRelay } = await import('@/server/demo/demo-relay');
  const demo = await startDemoRelay({
    port: 0,
    flowsPerSecond: cfg.demoRate,
    replayFile: cfg.demoReplayFile,
  });
  return { address: demo.address, mode: 'demo', stop: () => demo.stop() };
}

function watchRelay(relay: RelayClient, hub: LiveHub): void {
  let lastState = '';
  relay.status.onChange((s) => {
    hub.publishStatus(s);
    if (s.state !== lastState) {
      lastState = s.state;
      log.info('relay state', { state: s.state, address: s.address, error: s.lastError });
    }
  });
  hub.publishStatus(relay.snapshot());
}

async function createRuntime(cfg: FlowscopeConfig): Promise<Runtime> {
  setAgentSettings(cfg.agent);
  const source = await flowSource(cfg);
  // Live rows go out as stored; the list asks for their decisions (/api/flows/decisions).
  const hub = new LiveHub({ clientBufferFlows: cfg.clientBufferFlows });
  const mapDeltas = new MapDeltaHub();
  const staged = new StagedTracker({
    source: stagedSource,
    dataDir: cfg.dataDir,
    nodeOptions: { appLabelKeys: cfg.workloadLabels },
  });
  await staged.start();
  const unwatchStaged = onStagedSourceSet(() => staged.resubscribe());
  hub.onPublish((rec) => staged.observe(rec));
  const store = await openFlowStore({
    limits: cfg.retention,
    dataDir: cfg.dataDir,
    mapOptions: { appLabelKeys: cfg.workloadLabels },
  });
  log.info('store open', { flows: store.stats().flows, dataDir: cfg.dataDir ?? '(memory)' });
  const gaps = await openGapLog({ dataDir: cfg.dataDir, maxAgeMs: cfg.retention.maxAgeMs });
  const policies = () =>
    getPolicySource({
      // The demo relay's verdicts come from the policies shipped beside it.
      dir: cfg.policyDir ?? (source?.mode === 'demo' ? DEMO_POLICY_DIR : undefined),
      kubernetes: cfg.policyKubernetes,
    });
  // Every reported verdict is checked against the evaluator as it arrives (/metrics).
  const selfCheck = new SelfCheckCounters();
  let loadedPolicies: PolicySource | undefined;
  void policies().then(
    (s) => {
      loadedPolicies = s;
      // Staged drafts of the lab, and a staged policy folder when one is configured.
      const folder = cfg.labStagedPolicies
        ? folderStagedSource(cfg.labStagedPolicies, s).catch((err: unknown) => {
            log.error('staged policy folder failed', { error: String(err) });
            return undefined;
          })
        : Promise.resolve(undefined);
      void Promise.all([getDraftStore(cfg.dataDir), folder]).then(
        ([drafts, others]) => setStagedSource(draftStagedSource(drafts, s, others)),
        (err: unknown) => log.error('staged drafts failed', { error: String(err) }),
      );
    },
    (err: unknown) => log.error('policy source failed', { error: String(err) }),
  );
  let relay: RelayClient | undefined;
  let status: () => RelayStatus;
  if (source) {
    relay = new RelayClient({
      address: source.address,
      tls: cfg.tls,
      mode: source.mode,
      initialFlowsPerNode: cfg.initialFlowsPerNode,
      reconnectMaxMs: cfg.reconnectMaxMs,
      pollIntervalMs: cfg.pollIntervalMs,
      gapLog: gaps.log,
      onFlow: (rec) => {
        // The live list gets the row the list shows: a pair's second event re-sends its
        // decision row with the partner attached (lib/flows/flow-pairing.ts).
        hub.publish(store.append(rec));
        // toFQDNs rules are read against the DNS answers seen (server/policies/dns-answers.ts).
        dnsAnswers().observe(rec);
        if (loadedPolicies) selfCheck.observe(loadedPolicies.policies(), rec);
      },
    });
    watchRelay(relay, hub);
    // History kept across a restart: continue it rather than start over.
    const newest = store.stats().newestTs;
    if (newest !== undefined) {
      relay.continueFrom(
        store.scan({
          from: newest - 60_000,
          to: newest + 1,
          order: 'oldest',
          limit: 200_000,
          rows: 'events',
        }).flows,
      );
    }
    relay.start();
    const client = relay;
    status = () => client.snapshot();
  } else {
    const offline = new RelayStatusTracker('none', '', false);
    offline.setState('stopped');
    status = () => offline.snapshot();
    hub.publishStatus(status());
  }
  return {
    config: cfg,
    relay,
    hub,
    mapDeltas,
    store,
    gaps: gaps.log,
    status,
    policies,
    ready: () => status().state === 'connected' || store.stats().flows > 0 || !source,
    metrics: () => ({
      relay: status(),
      liveClients: hub.clientCount,
      liveFlowsDropped: hub.droppedFlows,
      store: store.stats(),
      decisions: store.decisions(),
      selfCheck: selfCheck.totals,
    }),
    staged,
    async stop() {
      relay?.stop();
      hub.close();
      unwatchStaged();
      await staged.stop();
      mapDeltas.close();
      await store.close();
      await gaps.close();
      await source?.stop();
    },
  };
}

/** The running runtime, started on first call. */
export function getRuntime(): Promise<Runtime> {
  const holder = globalThis as Holder;
  if (!holder[KEY]) {
    holder[KEY] = createRuntime(config()).catch((err: unknown) => {
      delete holder[KEY];
      throw err;
    });
  }
  return holder[KEY];
}
