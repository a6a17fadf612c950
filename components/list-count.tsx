import type { ListCount as Count } from '@/lib/domain/list-query';

/**
 * How many a list holds, above it: "1,000,001 users" (everything), "23 matches" (a search or a
 * filter), "more than 10,000 matches", or "at least 1,892 matches" when counting stopped early
 * (never a guess). Nothing where the list was not counted (a backend that cannot count).
 * Announced politely when it changes.
 */
export function ListCount(props: { count?: Count; noun: [string, string]; narrowed: boolean }) {
  if (!props.count) return null;
  const [one, many] = props.narrowed ? ['match', 'matches'] : props.noun;
  const n = (x: number) => x.toLocaleString('en');
  const text =
    'total' in props.count
      ? `${n(props.count.total)} ${props.count.total === 1 ? one : many}`
      : props.count.atLeast > 10_000
        ? `more than 10,000 ${many}`
        : `at least ${n(props.count.atLeast)} ${many}`;
  return (
    <p role="status" className="text-sm text-slate-600 dark:text-slate-400" data-testid="list-count">
      {text}
    </p>
  );
}
