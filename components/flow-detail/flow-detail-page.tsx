// The permalink page's body: a scrolling area around the detail view. A server component;
// FlowDetail is the client leaf.
import { FlowDetail } from './flow-detail';
import styles from './flow-detail.module.css';

export function FlowDetailPage({ id }: { id: string }) {
  return (
    <div className={styles.page}>
      <FlowDetail id={id} />
    </div>
  );
}
