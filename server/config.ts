// Every environment variable Flowscope reads, parsed and validated once. Nothing else in
// the project reads process.env, so this file is the complete list of settings.
import 'server-only';
import { z } from 'zod';
import {
  parseGroupNamespaces,
  parseHeaderName,
  parseTrustedProxies,
  type AccessConfig,
} from '@/server/access/access-config';
import type { AgentSettings } from '@/server/policies/agent-settings';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off', ''])
  .transform((v) => ['true', '1', 'yes', 'on'].includes(v));

const hostPort = z
  .string()
  .regex(
    /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/,
    'must be host:port, e.g. hubble-relay.kube-system.svc:80 or 127.0.0.1:4245',
  );

const positiveInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const schema = z.object({
  HUBBLE_RELAY_ADDR: z.union([z.literal('none'), hostPort]).optional(),
  HUBBLE_TLS: bool.default(false),
  HUBBLE_TLS_CA_FILE: z.string().min(1).optional(),
  HUBBLE_TLS_CERT_FILE: z.string().min(1).optional(),
  HUBBLE_TLS_KEY_FILE: z.string().min(1).optional(),
  HUBBLE_TLS_SERVER_NAME: z.string().min(1).optional(),
  HUBBLE_INITIAL_FLOWS: positiveInt(0, 65535).default(2000),
  HUBBLE_RECONNECT_MAX_MS: positiveInt(500, 300_000).default(30_000),
  HUBBLE_POLL_INTERVAL_MS: positiveInt(500, 300_000).default(5000),
  FLOWSCOPE_DATA_DIR: z.string().min(1).optional(),
  FLOWSCOPE_RETENTION_FLOWS: positiveInt(1000, 100_000_000).default(2_000_000),
  FLOWSCOPE_RETENTION_MB: positiveInt(16, 1_000_000).default(1024),
  FLOWSCOPE_RETENTION_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 366)
    .default(24),
  FLOWSCOPE_WORKLOAD_LABELS: z
    .string()
    .regex(/^[A-Za-z0-9./_-]+(,[A-Za-z0-9./_-]+)*$/, 'must be comma-separated label keys')
    .default('app.kubernetes.io/name,app,k8s-app,name'),
  FLOWSCOPE_CLIENT_BUFFER_FLOWS: positiveInt(100, 1_000_000).default(5000),
  FLOWSCOPE_DEMO_RATE: positiveInt(1, 100_000).default(25),
  FLOWSCOPE_DEMO_REPLAY_FILE: z.string().min(1).optional(),
  FLOWSCOPE_POLICY_DIR: z.string().min(1).optional(),
  FLOWSCOPE_POLICY_KUBERNETES: bool.default(false),
  FLOWSCOPE_LAB_STAGED_POLICIES: z.string().min(1).optional(),
  FLOWSCOPE_ALLOW_LOCALHOST: z.enum(['always', 'policy']).default('always'),
  FLOWSCOPE_POLICY_ENFORCEMENT: z.enum(['default', 'always', 'never']).default('default'),
  FLOWSCOPE_PUBLIC_URL: z
    .string()
    .url()
    .regex(
      /^https?:\/\/[^?#]*[^/?#]$/,
      'must be an http(s) URL without a trailing slash, query or fragment',
    )
    .optional(),
  FLOWSCOPE_BASE_PATH: z
    .string()
    .regex(/^(\/[A-Za-z0-9._~-]+)*$/, 'must be empty or a path such as /flowscope')
    .default(''),
  FLOWSCOPE_TRUSTED_PROXIES: z.string().optional(),
  FLOWSCOPE_ACCESS_GROUPS: z.string().optional(),
  FLOWSCOPE_USER_HEADER: z.string().default('x-flowscope-user'),
  FLOWSCOPE_GROUPS_HEADER: z.string().default('x-flowscope-groups'),
});

export interface TlsConfig {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  serverName?: string;
}

export interface FlowscopeConfig {
  /** Unset: the embedded demo relay. "none": no relay, flows come only from imports. */
  relayAddress?: string;
  tls?: TlsConfig;
  initialFlowsPerNode: number;
  reconnectMaxMs: number;
  pollIntervalMs: number;
  dataDir?: string;
  retention: { maxFlows: number; maxBytes: number; maxAgeMs: number };
  /** Label keys, in order, that name a workload when a flow carries no workload. */
  workloadLabels: string[];
  clientBufferFlows: number;
  demoRate: number;
  demoReplayFile?: string;
  basePath: string;
  /** Where users reach Flowscope (behind the gateway), for links; prefix included. */
  publicUrl?: string;
  /** Where policies come from: a folder of YAML, and/or the Kubernetes API. */
  policyDir?: string;
  policyKubernetes: boolean;
  /** A folder of policy YAML staged as one draft over the policies in force. */
  labStagedPolicies?: string;
  /** The Cilium agent settings that change verdicts (server/policies/agent-settings.ts). */
  agent: AgentSettings;
  /** Per-user namespace restriction from the gateway's identity headers; absent: none. */
  access?: AccessConfig;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function fail(message: string): never {
  throw new ConfigError(`invalid configuration:\n  ${message}`);
}

function parseAccess(e: z.infer<typeof schema>): AccessConfig | undefined {
  const proxies = e.FLOWSCOPE_TRUSTED_PROXIES;
  const groups = e.FLOWSCOPE_ACCESS_GROUPS;
  if (proxies === undefined && groups === undefined) return undefined;
  if (proxies === undefined || groups === undefined) {
    fail(
      'FLOWSCOPE_TRUSTED_PROXIES and FLOWSCOPE_ACCESS_GROUPS must be set together (access control)',
    );
  }
  const attempt = <T>(name: string, fn: () => T): T => {
    try {
      return fn();
    } catch (err) {
      return fail(`${name}: ${(err as Error).message}`);
    }
  };
  const trusted = attempt('FLOWSCOPE_TRUSTED_PROXIES', () => parseTrustedProxies(proxies));
  return {
    trustedProxies: trusted.prefixes,
    trustedProxiesText: trusted.texts,
    groups: attempt('FLOWSCOPE_ACCESS_GROUPS', () => parseGroupNamespaces(groups)),
    userHeader: attempt('FLOWSCOPE_USER_HEADER', () => parseHeaderName(e.FLOWSCOPE_USER_HEADER)),
    groupsHeader: attempt('FLOWSCOPE_GROUPS_HEADER', () =>
      parseHeaderName(e.FLOWSCOPE_GROUPS_HEADER),
    ),
  };
}

export function parseConfig(env: Record<string, string | undefined>): FlowscopeConfig {
  // An empty variable (`HUBBLE_RELAY_ADDR=`) means unset, as in most tools.
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = schema.safeParse(set);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = parsed.data;
  const tlsFiles = [e.HUBBLE_TLS_CA_FILE, e.HUBBLE_TLS_CERT_FILE, e.HUBBLE_TLS_KEY_FILE];
  if (!e.HUBBLE_TLS && (tlsFiles.some(Boolean) || e.HUBBLE_TLS_SERVER_NAME)) {
    throw new ConfigError(
      'invalid configuration:\n  HUBBLE_TLS: TLS files or a server name are set but HUBBLE_TLS is not true',
    );
  }
  if (Boolean(e.HUBBLE_TLS_CERT_FILE) !== Boolean(e.HUBBLE_TLS_KEY_FILE)) {
    throw new ConfigError(
      'invalid configuration:\n  HUBBLE_TLS_CERT_FILE and HUBBLE_TLS_KEY_FILE must be set together (mTLS)',
    );
  }
  if (e.HUBBLE_TLS && !e.HUBBLE_RELAY_ADDR) {
    throw new ConfigError('invalid configuration:\n  HUBBLE_TLS: needs HUBBLE_RELAY_ADDR');
  }
  return Object.freeze({
    relayAddress: e.HUBBLE_RELAY_ADDR,
    tls: e.HUBBLE_TLS
      ? {
          caFile: e.HUBBLE_TLS_CA_FILE,
          certFile: e.HUBBLE_TLS_CERT_FILE,
          keyFile: e.HUBBLE_TLS_KEY_FILE,
          serverName: e.HUBBLE_TLS_SERVER_NAME,
        }
      : undefined,
    initialFlowsPerNode: e.HUBBLE_INITIAL_FLOWS,
    reconnectMaxMs: e.HUBBLE_RECONNECT_MAX_MS,
    pollIntervalMs: e.HUBBLE_POLL_INTERVAL_MS,
    dataDir: e.FLOWSCOPE_DATA_DIR,
    retention: {
      maxFlows: e.FLOWSCOPE_RETENTION_FLOWS,
      maxBytes: e.FLOWSCOPE_RETENTION_MB * 1024 * 1024,
      maxAgeMs: Math.round(e.FLOWSCOPE_RETENTION_HOURS * 3_600_000),
    },
    workloadLabels: e.FLOWSCOPE_WORKLOAD_LABELS.split(','),
    clientBufferFlows: e.FLOWSCOPE_CLIENT_BUFFER_FLOWS,
    demoRate: e.FLOWSCOPE_DEMO_RATE,
    demoReplayFile: e.FLOWSCOPE_DEMO_REPLAY_FILE,
    basePath: e.FLOWSCOPE_BASE_PATH,
    publicUrl: e.FLOWSCOPE_PUBLIC_URL,
    policyDir: e.FLOWSCOPE_POLICY_DIR,
    policyKubernetes: e.FLOWSCOPE_POLICY_KUBERNETES,
    labStagedPolicies: e.FLOWSCOPE_LAB_STAGED_POLICIES,
    agent: {
      allowLocalhost: e.FLOWSCOPE_ALLOW_LOCALHOST,
      enforcement: e.FLOWSCOPE_POLICY_ENFORCEMENT,
    },
    access: parseAccess(e),
  });
}

let cached: FlowscopeConfig | undefined;

/** The process's configuration, parsed on first use. */
export function config(): FlowscopeConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
