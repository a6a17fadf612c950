import { EmptyState } from '@/components/ui/states';
import type { ListCount } from '@/lib/domain/list-query';

/** What the list of users says when it shows none: why, and what to try. */
export function UsersEmpty(props: { q: string; presence: string; narrowed: boolean; full: boolean }) {
  const { q } = props;
  if (props.presence)
    return (
      <EmptyState
        title={
          props.presence === 'online'
            ? `Nobody is online now${q ? ` matching “${q}”` : ''}`
            : `No user${q ? ` matching “${q}”` : ''} seen by webhooks yet`
        }
      >
        Presence comes from this app's webhooks (the Webhooks page).
      </EmptyState>
    );
  return (
    <EmptyState title={props.narrowed ? `No users match${q ? ` “${q}”` : ' these filters'}` : 'No users yet'}>
      {props.narrowed
        ? props.full
          ? 'Try fewer letters, a word of the name, or Clear the filters.'
          : 'Try a shorter prefix, mind the case, or use * as a wildcard.'
        : 'Create one with “New user”, or through the Backend API.'}
    </EmptyState>
  );
}

/** "All 1,204 users matching “acme” selected": what Select all matching this search chose. */
export function allMatchingText(count: ListCount | undefined, q: string) {
  const how =
    count === undefined
      ? 'All users'
      : 'total' in count
        ? `All ${count.total.toLocaleString('en')} users`
        : `All ${count.atLeast.toLocaleString('en')}+ users`;
  return `${how} ${q ? `matching “${q}”` : 'of this list'} selected`;
}
