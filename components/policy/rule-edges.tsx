// The busiest edges a rule decided flows on, each a link to that edge on the service map
// over the window the counts came from. Node names come from flow labels: text only.
import Link from 'next/link';
import type { EdgeUsage } from '@/lib/api/policy';
import { edgeMapHref, edgePortText, moreEdgesText } from '@/lib/policy/edges';
import styles from './rule-usage.module.css';

export interface RuleEdgesProps {
  edges: readonly EdgeUsage[];
  edgeCount: number;
  window: { from: number; to: number };
}

export function RuleEdges({ edges, edgeCount, window }: RuleEdgesProps) {
  if (edges.length === 0) return null;
  const more = moreEdgesText(edges.length, edgeCount);
  return (
    <>
      <table className={styles.edges} data-testid="rule-edges" data-edge-count={edgeCount}>
        <thead>
          <tr>
            <th scope="col">Edge</th>
            <th scope="col" className={styles.num}>
              allowed
            </th>
            <th scope="col" className={styles.num}>
              denied
            </th>
          </tr>
        </thead>
        <tbody>
          {edges.map((e) => (
            <tr key={e.id} data-testid="rule-edge" data-edge-id={e.id}>
              <td>
                <Link
                  href={edgeMapHref(e, window)}
                  className={styles.edgeLink}
                  data-testid="rule-edge-link"
                  title="Show this edge on the service map"
                >
                  {e.source} → {e.target}
                  <span className={styles.port}>{edgePortText(e)}</span>
                </Link>
              </td>
              <td className={styles.num} data-testid="rule-edge-allowed" data-count={e.allowed}>
                {e.allowed}
              </td>
              <td className={styles.num} data-testid="rule-edge-denied" data-count={e.denied}>
                {e.denied}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {more ? (
        <span className={styles.caption} data-testid="rule-edges-more">
          {more}
        </span>
      ) : null}
    </>
  );
}
