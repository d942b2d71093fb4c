// The decision a flow carries (`decidedBy` on list rows, the detail and each exported line):
// which policy and rule decided it, and who says so. The same shape as the /drops rows'
// decisions (lib/timeline/drop-edges.ts), whose words it reuses.
import { decisionText, sourceText } from '@/lib/timeline/drop-edges';
import { cleanText } from './format-flow';
import type { FlowDecision } from '@/lib/api/decisions';

/** `Decided by shop/backend-egress · rule egress[1]`. */
export function decidedByText(d: FlowDecision): string {
  return `Decided by ${decisionText(d)}`;
}

/** `reported by Hubble` / `derived by Flowscope`. */
export function decisionSourceText(d: FlowDecision): string {
  return sourceText(d);
}

/** The flow list's cell: the decision, a short source mark, and the whole of it as a title. */
export function decidedByCell(d: FlowDecision): { text: string; source: string; title: string } {
  const text = cleanText(decisionText(d));
  return {
    text,
    source: d.source === 'hubble' ? 'Hubble' : 'Flowscope',
    title: `${decidedByText(d)} (${sourceText(d)})`,
  };
}
