'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { usePathname, useRouter } from 'next/navigation';
import { useRef } from 'react';
import { toast } from 'sonner';
import { AddressText } from '@/components/address-text';
import { Pager } from '@/components/list-controls';
import { ListError } from '@/components/list-error';
import { Button } from '@/components/ui/button';
import { TextAreaField, TextField } from '@/components/ui/field';
import { EmptyState, ErrorNotice, Spinner } from '@/components/ui/states';
import { submitWith } from '@/components/ui/submit';
import { TableScroll } from '@/components/ui/table-scroll';
import { type ActionError, ActionFailure, unwrap } from '@/lib/actions/result';
import { fetchMessages, type MessagesPageData, messageKeys } from '@/lib/queries/messages';
import { usePage } from '@/lib/queries/use-page';
import type { MessageFilter } from '@/lib/validations/messages';
import { sendMessageAction } from './actions';

export function MessagesView(props: {
  filter: MessageFilter;
  trail: string[];
  initial?: MessagesPageData;
  initialError?: ActionError;
  canSend: boolean;
}) {
  const { filter, trail } = props;
  const router = useRouter();
  const pathname = usePathname();
  const go = (f: { from: string; to: string; gid: string }, cursor?: string, nextTrail: string[] = []) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(f)) if (v) params.set(k, v);
    if (cursor) params.set('cursor', cursor);
    if (nextTrail.length) params.set('trail', nextTrail.join(','));
    router.replace(params.size ? `${pathname}?${params}` : pathname, { scroll: false });
  };
  const {
    query,
    rows,
    error: shownError,
  } = usePage({
    key: messageKeys.list(filter, filter.cursor),
    fetch: () => fetchMessages(filter, filter.cursor),
    initial: props.initial,
    initialError: props.initialError,
    what: 'messages',
  });
  const filtered = Boolean(filter.from || filter.to || filter.gid);

  return (
    <div className="space-y-6">
      {props.canSend && <SendForm />}
      <section aria-labelledby="log" className="space-y-4">
        <h2 id="log" className="text-lg font-medium">
          Message log
        </h2>
        <form
          aria-label="Filter messages"
          className="grid gap-3 sm:grid-cols-[1fr_1fr_10rem_auto] sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            go({
              from: String(f.get('from') ?? ''),
              to: String(f.get('to') ?? ''),
              gid: String(f.get('gid') ?? '').trim(),
            });
          }}
        >
          <TextField label="From" name="from" defaultValue={filter.from} autoComplete="off" />
          <TextField label="To" name="to" defaultValue={filter.to} autoComplete="off" />
          <TextField
            label="Group"
            name="gid"
            defaultValue={filter.gid}
            inputMode="numeric"
            pattern="\d*"
            autoComplete="off"
          />
          <div className="flex gap-2">
            <Button type="submit" variant="secondary">
              Filter
            </Button>
            {filtered && (
              <Button variant="ghost" onClick={() => go({ from: '', to: '', gid: '' })}>
                Clear
              </Button>
            )}
          </div>
        </form>
        {shownError && <ListError error={shownError} onRetry={() => query.refetch()} />}
        <TableScroll
          label="Messages"
          className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
        >
          <table className="w-full min-w-[40rem] text-left text-sm">
            <caption className="sr-only">Messages, newest first</caption>
            <thead className="border-b border-slate-200 text-xs text-slate-500 dark:text-slate-400 uppercase dark:border-slate-800">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Mid
                </th>
                <th scope="col" className="px-3 py-2">
                  Sent
                </th>
                <th scope="col" className="px-3 py-2">
                  From
                </th>
                <th scope="col" className="px-3 py-2">
                  To
                </th>
                <th scope="col" className="px-3 py-2">
                  Message
                </th>
              </tr>
            </thead>
            <tbody aria-busy={query.isFetching}>
              {rows.map((m) => (
                <tr key={m.mid} className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800">
                  <td className="px-3 py-2 tabular-nums">{m.mid}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{new Date(m.ts * 1000).toLocaleString()}</td>
                  <td className="px-3 py-2 break-all">
                    <AddressText address={m.from} />
                  </td>
                  <td className="px-3 py-2 break-all">
                    {m.gid
                      ? `group ${m.gid} (${m.recipients} recipient${m.recipients === 1 ? '' : 's'})`
                      : m.to.map((a, i) => (
                          <span key={a}>
                            {i > 0 && ', '}
                            <AddressText address={a} />
                          </span>
                        ))}
                  </td>
                  <td className="px-3 py-2 break-words whitespace-pre-wrap">{m.message || (m.url ? m.url : '—')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        {query.isFetching && <Spinner label="Loading messages" />}
        {!query.isFetching && !shownError && rows.length === 0 && (
          <EmptyState title={filtered ? 'No messages match this filter' : 'No messages yet'} />
        )}
        <Pager
          hasPrevious={trail.length > 0}
          next={query.data?.next}
          onPrevious={() => {
            const prev = trail[trail.length - 1];
            go(filter, prev === '0' ? undefined : prev, trail.slice(0, -1));
          }}
          onNext={(cursor) => go(filter, cursor, [...trail, filter.cursor ?? '0'])}
        />
      </section>
    </div>
  );
}

function SendForm() {
  const qc = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const send = useMutation({
    mutationFn: async (f: FormData) =>
      unwrap(
        await sendMessageAction({
          from: f.get('from'),
          to: f.get('to') ?? '',
          gid: f.get('gid') ?? '',
          message: f.get('message'),
        }),
      ),
    onSuccess: ({ mid }) => {
      toast.success(`Message ${mid} sent`);
      const box = form.current?.elements.namedItem('message');
      if (box instanceof HTMLTextAreaElement) box.value = '';
      void qc.invalidateQueries({ queryKey: messageKeys.all });
    },
  });
  const error = send.error instanceof ActionFailure ? send.error.error : undefined;
  const field = (name: string) => error?.fieldErrors?.[name]?.[0];
  return (
    <section
      aria-labelledby="send"
      className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="send" className="mb-3 text-lg font-medium">
        Send a message
      </h2>
      <form
        ref={form}
        aria-label="Send message"
        onSubmit={submitWith(send.mutate)}
        className="grid gap-3 sm:grid-cols-3"
      >
        <TextField
          label="From"
          name="from"
          required
          autoComplete="off"
          error={field('from')}
          hint="The sending user's address."
        />
        <TextField label="To" name="to" autoComplete="off" error={field('to')} hint="Addresses, separated by commas." />
        <TextField
          label="Group"
          name="gid"
          inputMode="numeric"
          autoComplete="off"
          error={field('gid')}
          hint="Or a group id."
        />
        <TextAreaField
          label="Message"
          name="message"
          required
          rows={3}
          className="sm:col-span-3"
          error={field('message')}
        />
        {error && !error.fieldErrors && (
          <div className="sm:col-span-3">
            <ErrorNotice message={error.message} action={error.action} requestId={error.requestId} />
          </div>
        )}
        <div className="sm:col-span-3">
          <Button type="submit" disabled={send.isPending}>
            {send.isPending ? 'Sending…' : 'Send message'}
          </Button>
        </div>
      </form>
    </section>
  );
}
