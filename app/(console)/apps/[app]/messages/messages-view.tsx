import type { MessageRow } from '@/lib/dal/messages';
import type { MessageFilter } from '@/lib/queries/messages';
import type { ListState } from '@/lib/queries/use-list';
import { MessageLog } from './message-log';
import { SendMessage } from './send-message';

/** Send a message (for roles that may), then the message log. */
export function MessagesView(props: { list: ListState<MessageFilter, MessageRow>; canSend: boolean }) {
  return (
    <div className="space-y-6">
      {props.canSend && <SendMessage />}
      <MessageLog list={props.list} />
    </div>
  );
}
