// Plain-language explanations of Hubble's DropReason names, for the flow detail view.
// One sentence each, written for the person debugging the drop: what Cilium saw and where
// to look next. Names not listed get a generic sentence that still says what to check.

const EXPLANATIONS: Record<string, string> = {
  POLICY_DENIED:
    'Default deny: no network policy allowed this traffic — the endpoint is selected by a policy in this direction, so anything no rule matches is dropped.',
  POLICY_DENY: 'An explicit deny rule in a network policy matched this traffic.',
  AUTH_REQUIRED:
    'A policy requires mutual authentication for this traffic and the two identities have not authenticated yet (check the auth provider, e.g. SPIRE).',
  CT_TRUNCATED_OR_INVALID_HEADER:
    'Connection tracking could not parse the packet headers because they were truncated or malformed.',
  CT_MISSING_TCP_ACK_FLAG:
    'Connection tracking expected a TCP ACK for an existing connection and the packet had none.',
  CT_UNKNOWN_L4_PROTOCOL: 'Connection tracking does not support this packet’s L4 protocol.',
  CT_CANNOT_CREATE_ENTRY_FROM_PACKET:
    'Connection tracking could not create an entry for this packet.',
  CT_MAP_INSERTION_FAILED:
    'The connection-tracking table could not take a new entry, usually because it is full (see bpf-ct-global-*-max).',
  CT_NO_MAP_FOUND: 'The connection-tracking map for this traffic does not exist on the node.',
  UNKNOWN_CONNECTION_TRACKING_STATE:
    'The packet did not fit any known connection-tracking state for its connection.',
  STALE_OR_UNROUTABLE_IP:
    'The IP address is stale or not routable: the endpoint that owned it is probably gone, or the IP cache has not caught up.',
  SERVICE_BACKEND_NOT_FOUND:
    'The packet was sent to a Service that has no ready backend to forward it to.',
  INVALID_SOURCE_IP:
    'The source IP does not belong to the endpoint that sent the packet (spoofed, or the endpoint’s IP changed).',
  UNKNOWN_L3_TARGET_ADDRESS:
    'Cilium has no route or endpoint for the packet’s destination address.',
  UNKNOWN_L4_PROTOCOL: 'The packet’s L4 protocol is not one Cilium handles here.',
  UNSUPPORTED_L3_PROTOCOL: 'The packet’s L3 protocol is not supported by Cilium’s datapath here.',
  UNSUPPORTED_L2_PROTOCOL: 'The packet’s L2 protocol is not supported by Cilium’s datapath here.',
  FIB_LOOKUP_FAILED:
    'The kernel routing (FIB) lookup for the destination failed, so Cilium could not tell where to send the packet.',
  TTL_EXCEEDED: 'The packet’s TTL (hop limit) ran out before it reached its destination.',
  DROP_RATE_LIMITED: 'The packet exceeded a rate limit configured in Cilium and was dropped.',
  NO_EGRESS_GATEWAY:
    'An egress gateway policy selects this traffic but no usable gateway node was found for it.',
  DROP_NO_EGRESS_IP:
    'An egress gateway policy selects this traffic but the gateway has no egress IP to use.',
  UNENCRYPTED_TRAFFIC:
    'Strict encryption mode is on and this traffic between nodes would have left unencrypted.',
  DROP_HOST_NOT_READY:
    'The node’s host datapath was not ready yet (e.g. Cilium starting up), so the packet was dropped.',
  DROP_EP_NOT_READY:
    'The endpoint was not ready yet (its policy was still being computed), so the packet was dropped.',
  INVALID_PACKET_DROPPED: 'The packet was malformed and could not be processed.',
  MISSED_TAIL_CALL:
    'An internal eBPF program call failed (a datapath bug or a program being replaced during an upgrade).',
  ERROR_WRITING_TO_PACKET: 'The datapath failed to rewrite the packet.',
  ERROR_RETRIEVING_TUNNEL_KEY: 'The datapath could not read the tunnel metadata of the packet.',
  NO_TUNNEL_OR_ENCAPSULATION_ENDPOINT:
    'No tunnel endpoint is known for the destination node, so the packet could not be encapsulated.',
  FAILED_TO_INSERT_INTO_PROXYMAP:
    'The packet should have gone to the L7 proxy but the proxy map could not take the entry.',
  PROXY_REDIRECTION_NOT_SUPPORTED_FOR_PROTOCOL:
    'A policy redirects this traffic to the L7 proxy, which does not support this protocol.',
  LOCAL_HOST_IS_UNREACHABLE: 'The local host could not be reached from the datapath.',
  NO_CONFIGURATION_AVAILABLE_TO_PERFORM_POLICY_DECISION:
    'The endpoint had no policy configuration loaded yet, so no decision could be made.',
  NO_MAPPING_FOR_NAT_MASQUERADE:
    'No NAT mapping exists for this reply, so it could not be translated back.',
  UNSUPPORTED_PROTOCOL_FOR_NAT_MASQUERADE: 'NAT masquerading does not support this protocol.',
  SNAT_NO_MAP_FOUND: 'The SNAT map for this traffic does not exist on the node.',
  ENCAPSULATION_TRAFFIC_IS_PROHIBITED:
    'Encapsulated (tunnel) traffic is not allowed on this interface.',
  INVALID_IDENTITY: 'The packet carried a security identity Cilium does not accept.',
  UNKNOWN_SENDER: 'The packet came from a sender Cilium does not know.',
  IS_A_CLUSTERIP:
    'The packet was sent to a ClusterIP from outside the cluster, where ClusterIPs are not reachable.',
  FIRST_LOGICAL_DATAGRAM_FRAGMENT_NOT_FOUND:
    'A later IP fragment arrived without its first fragment, so its ports could not be known.',
  IP_FRAGMENTATION_NOT_SUPPORTED:
    'The packet was an IP fragment and fragment handling is not enabled.',
  FORBIDDEN_ICMPV6_MESSAGE: 'This ICMPv6 message type is not allowed.',
  DENIED_BY_LB_SRC_RANGE_CHECK:
    'The client is outside the source ranges the LoadBalancer Service allows (loadBalancerSourceRanges).',
  SOCKET_LOOKUP_FAILED:
    'The datapath could not find the socket this packet should be delivered to.',
  SOCKET_ASSIGN_FAILED: 'The datapath could not assign the packet to its socket.',
  VLAN_FILTERED: 'The packet’s VLAN is not in the allowed VLAN list.',
  INVALID_VNI: 'The tunnel packet carried a VNI Cilium does not accept.',
  INVALID_CLUSTER_ID: 'The packet carried a cluster ID Cilium does not know (Cluster Mesh).',
  NO_NODE_ID: 'No node ID is known for the destination node, so the packet could not be sent.',
};

const GENERIC =
  'Cilium’s datapath dropped this packet for this reason; check the Cilium agent logs and `cilium-dbg monitor --type drop` on the node.';

/** One-sentence explanation of a DropReason name; a generic sentence for unlisted names. */
export function explainDropReason(name: string): string {
  return Object.hasOwn(EXPLANATIONS, name) ? (EXPLANATIONS[name] ?? GENERIC) : GENERIC;
}

/** Whether a DropReason name has its own explanation (not the generic fallback). */
export function hasDropExplanation(name: string): boolean {
  return Object.hasOwn(EXPLANATIONS, name);
}

// A few words per reason, for legends and table cells where a sentence does not fit.
const SHORT: Record<string, string> = {
  POLICY_DENIED: 'no rule allows it (default deny)',
  POLICY_DENY: 'denied by a deny rule',
  AUTH_REQUIRED: 'mutual authentication pending',
  CT_TRUNCATED_OR_INVALID_HEADER: 'malformed headers',
  CT_MISSING_TCP_ACK_FLAG: 'TCP ACK missing',
  CT_UNKNOWN_L4_PROTOCOL: 'L4 protocol not tracked',
  CT_CANNOT_CREATE_ENTRY_FROM_PACKET: 'no connection entry',
  CT_MAP_INSERTION_FAILED: 'connection table full',
  CT_NO_MAP_FOUND: 'connection table missing',
  UNKNOWN_CONNECTION_TRACKING_STATE: 'unknown connection state',
  STALE_OR_UNROUTABLE_IP: 'stale or unroutable IP',
  SERVICE_BACKEND_NOT_FOUND: 'Service has no backend',
  INVALID_SOURCE_IP: 'source IP not the sender’s',
  UNKNOWN_L3_TARGET_ADDRESS: 'unknown destination address',
  UNKNOWN_L4_PROTOCOL: 'unsupported L4 protocol',
  UNSUPPORTED_L3_PROTOCOL: 'unsupported L3 protocol',
  UNSUPPORTED_L2_PROTOCOL: 'unsupported L2 protocol',
  FIB_LOOKUP_FAILED: 'no route (FIB lookup failed)',
  TTL_EXCEEDED: 'TTL exceeded',
  DROP_RATE_LIMITED: 'rate limited',
  NO_EGRESS_GATEWAY: 'no egress gateway',
  DROP_NO_EGRESS_IP: 'no egress IP',
  UNENCRYPTED_TRAFFIC: 'would leave unencrypted',
  DROP_HOST_NOT_READY: 'host datapath not ready',
  DROP_EP_NOT_READY: 'endpoint not ready',
  INVALID_PACKET_DROPPED: 'malformed packet',
  MISSED_TAIL_CALL: 'datapath program call failed',
  NO_TUNNEL_OR_ENCAPSULATION_ENDPOINT: 'no tunnel endpoint',
  PROXY_REDIRECTION_NOT_SUPPORTED_FOR_PROTOCOL: 'L7 proxy cannot take this protocol',
  NO_MAPPING_FOR_NAT_MASQUERADE: 'no NAT mapping',
  IS_A_CLUSTERIP: 'ClusterIP from outside',
  DENIED_BY_LB_SRC_RANGE_CHECK: 'outside LoadBalancer source ranges',
  UNKNOWN_SENDER: 'unknown sender',
  INVALID_IDENTITY: 'invalid security identity',
};

/**
 * A reason in a few plain words; Hubble's name is shown beside it by the caller. '' and
 * UNKNOWN (no reason given, as for the L7 proxy's denials) read as such.
 */
export function dropReasonWords(name: string): string {
  if (name === '' || name === 'UNKNOWN') return 'no reason given';
  if (Object.hasOwn(SHORT, name)) return SHORT[name] ?? name;
  return name.toLowerCase().replace(/_/g, ' ');
}

/** `no rule allows it (default deny) · POLICY_DENIED`: plain words, then Hubble's name. */
export function dropReasonLabel(name: string): string {
  const words = dropReasonWords(name);
  return name === '' || name === 'UNKNOWN' ? words : `${words} · ${name}`;
}
