import { describe, expect, it, vi } from 'vitest';
import type { AppAccess } from '@/lib/console/app-access';

/**
 * The rule for apps whose backend cannot list: what succeeded is kept, a refusal keeps
 * nothing, an unknown outcome is marked; a listing op answered with BADOP falls back to
 * the directory. The backend's offer is the test's.
 */
const state = vi.hoisted(() => ({ offered: false }));
vi.mock('@/lib/mesibo/offers', () => ({ offers: async () => state.offered }));

const { keptChange, listedOrKept } = await import('@/lib/dal/directory-mode');
const { OpError, UpstreamError } = await import('@/lib/mesibo/errors');
const app = { id: 7, kind: 'remote' } as AppAccess;

describe('keptChange', () => {
  it('keeps what succeeded; a refusal keeps nothing; an unknown outcome is marked and still fails', async () => {
    state.offered = false;
    const kept: string[] = [];
    const keep = async (r: string) => void kept.push(r);
    const unknown = vi.fn(async () => {});
    await expect(keptChange(app, 'usersget', async () => 'ok', keep, unknown)).resolves.toBe('ok');
    expect(kept).toEqual(['ok']);
    const refused = new OpError('userset', 'NOUSER', 404, 'no such user', '', ['user.address']);
    await expect(keptChange(app, 'usersget', () => Promise.reject(refused), keep, unknown)).rejects.toBe(refused);
    expect(unknown).not.toHaveBeenCalled();
    for (const kind of ['timeout', 'unreachable', 'http_status', 'bad_response'] as const) {
      const lost = new UpstreamError(kind, 'r-1');
      await expect(keptChange(app, 'usersget', () => Promise.reject(lost), keep, unknown)).rejects.toBe(lost);
    }
    expect(unknown).toHaveBeenCalledTimes(4);
    // Not sent at all: nothing to mark.
    await expect(
      keptChange(app, 'usersget', () => Promise.reject(new UpstreamError('circuit_open', 'r-2')), keep, unknown),
    ).rejects.toBeInstanceOf(UpstreamError);
    expect(unknown).toHaveBeenCalledTimes(4);
    expect(kept).toEqual(['ok']);
  });

  it('keeps nothing where the backend lists itself', async () => {
    state.offered = true;
    const keep = vi.fn(async () => {});
    await keptChange(app, 'usersget', async () => 'ok', keep);
    expect(keep).not.toHaveBeenCalled();
  });
});

describe('listedOrKept', () => {
  it('reads the backend where it offers the op, the directory where not or when it answers BADOP', async () => {
    const read = (live: () => Promise<string>) => listedOrKept(app, 'usersget', live, async () => 'kept');
    const badop = new OpError('usersget', 'BADOP', 400, 'Invalid operation', '', ['op']);
    state.offered = true;
    expect(await read(async () => 'live')).toBe('live');
    expect(await read(() => Promise.reject(badop))).toBe('kept');
    state.offered = false;
    expect(await read(async () => 'live')).toBe('kept');
  });
});
