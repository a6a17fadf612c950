import Link from 'next/link';
import type { AttentionItem } from '@/lib/dal/attention';

const LEVEL = {
  danger: 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100',
  warning: 'border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100',
  info: 'border-slate-200 bg-white text-slate-800 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-200',
};
const WORD = { danger: 'Problem', warning: 'Warning', info: 'Note' };

/** The Overview's first section: what needs an operator now, each with a link to where to act; or that nothing does. */
export function NeedsAttention({ items }: { items: AttentionItem[] }) {
  return (
    <section aria-labelledby="attention" className="mb-6">
      <h2 id="attention" className="font-medium">
        Needs attention
      </h2>
      {items.length === 0 ? (
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Nothing needs attention.</p>
      ) : (
        <ul className="mt-2 space-y-2">
          {items.map((item) => (
            <li
              key={item.id}
              data-attention={item.id}
              className={`flex flex-wrap items-center justify-between gap-2 rounded-md border p-3 text-sm ${LEVEL[item.level]}`}
            >
              <p>
                <span className="font-medium">{WORD[item.level]}: </span>
                {item.text}
              </p>
              <Link
                href={item.href}
                className="font-medium underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-indigo-500"
              >
                {item.action}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
