// Cilium's fixed security identities (pkg/identity/numericidentity.go) by number; 9 and 10
// split world by IP family.
const RESERVED_IDENTITIES: Readonly<Record<number, string>> = Object.freeze({
  1: 'host',
  2: 'world',
  3: 'unmanaged',
  4: 'health',
  5: 'init',
  6: 'remote-node',
  7: 'kube-apiserver',
  8: 'ingress',
  9: 'world-ipv4',
  10: 'world-ipv6',
});

/** The reserved identity's name (`host`, `world-ipv4`, ...) for identities 1-10, else undefined. */
export function reservedIdentityName(identity: number): string | undefined {
  return RESERVED_IDENTITIES[identity];
}
