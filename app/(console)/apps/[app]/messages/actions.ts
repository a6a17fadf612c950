'use server';

import { defineAppAction } from '@/lib/actions/run';
import { sendMessage } from '@/lib/dal/messages';
import { SendMessageInput } from '@/lib/validations/messages';

export const sendMessageAction = defineAppAction(
  {
    name: 'message.send',
    permission: 'messages.send',
    input: SendMessageInput,
    fields: { 'message.from': 'from', 'message.to': 'to', 'message.gid': 'gid', 'message.message': 'message' },
    target: (i) =>
      i.gid !== undefined ? `from ${i.from} to gid ${i.gid}` : `from ${i.from} to ${i.to.slice(0, 5).join(', ')}`,
  },
  async (input, _operator, app) => ({ mid: await sendMessage(app, input) }),
);
