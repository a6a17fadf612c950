import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@/lib/server/logger';
import { withRequestId } from '@/lib/server/request-context';

describe('the server log', () => {
  it('every line written while a request is handled carries its request id; others carry none', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mesibo-log-')), 'server.log');
    const log = createLogger('info', file);
    await withRequestId('3f2a-request', async () => {
      await new Promise((r) => setTimeout(r, 5)); // across an await, too
      log.warn({ op: 'usersget' }, 'backend slow');
    });
    log.info('server started');
    // The file is written asynchronously: read it once both lines are there.
    const read = () => fs.readFileSync(file, 'utf8').trim().split('\n').filter(Boolean);
    for (let i = 0; i < 100 && read().length < 2; i++) {
      log.flush();
      await new Promise((r) => setTimeout(r, 20));
    }
    const lines = read().map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ msg: 'backend slow', op: 'usersget', requestId: '3f2a-request' });
    expect(lines[1].msg).toBe('server started');
    expect(lines[1]).not.toHaveProperty('requestId');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});
