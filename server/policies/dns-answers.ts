// The DNS answers Flowscope has seen: DNS L7 flows that carry answer IPs, kept as a bounded
// name → IPs index. toFQDNs rules are read against it (match.ts): Cilium allows a name's
// traffic only to the IPs its DNS proxy saw answered, so a destination IP is known to be a
// name's only when Flowscope saw that answer too. A name with no answer seen is "unknown".
import 'server-only';
import type { FlowRecord } from '@/lib/api/flow-record';

/** Names kept; the oldest answered name is forgotten first. */
export const MAX_NAMES = 20_000;
/** IPs kept per name; the oldest answer is forgotten first. */
export const MAX_IPS_PER_NAME = 64;

function normalizeName(name: string): string {
  return name.replace(/\.$/, '').toLowerCase();
}

export class DnsAnswers {
  private readonly byName = new Map<string, Set<string>>();

  constructor(
    private readonly maxNames = MAX_NAMES,
    private readonly maxIps = MAX_IPS_PER_NAME,
  ) {}

  /** Records the answer of a DNS response flow; other flows are ignored (cheap check). */
  observe(flow: FlowRecord): void {
    const dns = flow.l7?.dns;
    if (!dns || !dns.query || dns.ips.length === 0) return;
    this.add(dns.query, dns.ips);
  }

  add(query: string, ips: readonly string[]): void {
    const name = normalizeName(query);
    let set = this.byName.get(name);
    if (set) this.byName.delete(name);
    else set = new Set();
    // Re-inserted: the most recently answered name is the last one forgotten.
    this.byName.set(name, set);
    for (const ip of ips) {
      set.delete(ip);
      set.add(ip);
      if (set.size > this.maxIps) set.delete(set.values().next().value as string);
    }
    if (this.byName.size > this.maxNames) {
      this.byName.delete(this.byName.keys().next().value as string);
    }
  }

  /** The IPs answered for one name, or undefined when no answer for it was seen. */
  ipsOf(name: string): ReadonlySet<string> | undefined {
    return this.byName.get(normalizeName(name));
  }

  /** The answered names that `matches` accepts, with their IPs. */
  answered(matches: (name: string) => boolean): { name: string; ips: ReadonlySet<string> }[] {
    const out: { name: string; ips: ReadonlySet<string> }[] = [];
    for (const [name, ips] of this.byName) if (matches(name)) out.push({ name, ips });
    return out;
  }

  get size(): number {
    return this.byName.size;
  }

  clear(): void {
    this.byName.clear();
  }
}

const KEY = Symbol.for('flowscope.dns-answers');
type Holder = { [KEY]?: DnsAnswers };

/** The process-wide index, fed by every ingested flow (server/runtime.ts). */
export function dnsAnswers(): DnsAnswers {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= new DnsAnswers());
}

/**
 * Runs `fn` with `index` in place of the process-wide index, then puts the process-wide one
 * back. Evaluation is synchronous, so nothing else reads the index meanwhile: a review of a
 * flow capture (what-if.ts) judges toFQDNs rules by the answers of that capture only.
 */
export function withDnsAnswers<T>(index: DnsAnswers, fn: () => T): T {
  const holder = globalThis as Holder;
  const previous = holder[KEY];
  holder[KEY] = index;
  try {
    return fn();
  } finally {
    if (previous) holder[KEY] = previous;
    else delete holder[KEY];
  }
}
