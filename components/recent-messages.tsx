'use client';

import { DataTable } from '@/components/data-table';
import { MESSAGE_COLUMNS, messageKey } from '@/components/message-columns';
import { Panel } from '@/components/panel';
import { RowLink } from '@/components/row-link';
import { EmptyState, ErrorNotice } from '@/components/ui/states';
import type { MessageRow } from '@/lib/dal/messages';
import type { Loaded } from '@/lib/dal/page-data';
import type { Page } from '@/lib/domain/paging';

/**
 * The newest messages of a user (sent, received) or of a group, on its page, with **Show all**
 * into the message log filtered the same way. A failure shows here, with its request id,
 * without taking the rest of the page with it.
 */
export function RecentMessages(props: {
  id: string;
  title: string;
  loaded: Loaded<Page<MessageRow>>;
  /** The message log, filtered to these messages. */
  showAll: string;
  empty: string;
}) {
  const { data, error } = props.loaded;
  return (
    <Panel
      id={props.id}
      title={props.title}
      actions={
        data?.rows.length ? (
          <span className="text-sm">
            <RowLink href={props.showAll}>
              Show all<span className="sr-only"> {props.title.toLowerCase()}</span>
            </RowLink>
          </span>
        ) : undefined
      }
    >
      {error ? (
        <ErrorNotice error={error} />
      ) : (
        <DataTable
          label={props.title}
          caption={`${props.title}, newest first`}
          columns={MESSAGE_COLUMNS}
          rows={data.rows}
          rowKey={messageKey}
          minWidth="sm:min-w-[36rem]"
          empty={<EmptyState title={props.empty} />}
        />
      )}
    </Panel>
  );
}
