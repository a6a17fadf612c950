'use server';

import { defineAppAction, Refused } from '@/lib/actions/run';
import {
  addMembers,
  createGroup,
  deleteGroup,
  getGroup,
  removeMember,
  saveGroup,
  setMemberPermissions,
} from '@/lib/dal/groups';
import { startMembersImport } from '@/lib/dal/imports';
import { requireTypedInProduction } from '@/lib/dal/production-guard';
import { groupConfirmation } from '@/lib/domain/confirmation';
import { flagsOf } from '@/lib/domain/group-flags';
import {
  AddMembersInput,
  CreateGroupInput,
  DeleteGroupInput,
  MemberPermissionInput,
  RemoveMemberInput,
  SaveGroupInput,
} from '@/lib/validations/groups';
import { StartMembersImportInput } from '@/lib/validations/jobs';

export const createGroupAction = defineAppAction(
  {
    name: 'group.create',
    permission: 'groups.edit',
    input: CreateGroupInput,
    fields: { 'group.name': 'name' },
    target: (i) => `new group (${i.name})`,
  },
  async ({ name, behaviour }, _operator, app) => createGroup(app, name, flagsOf(behaviour)),
);

export const saveGroupAction = defineAppAction(
  {
    name: 'group.update',
    permission: 'groups.edit',
    input: SaveGroupInput,
    fields: { 'group.name': 'name' },
    target: (i) => `gid ${i.gid} (${i.name})`,
  },
  async ({ gid, name, behaviour, keep }, _operator, app) => saveGroup(app, gid, name, flagsOf(behaviour, keep)),
);

export const deleteGroupAction = defineAppAction(
  {
    name: 'group.delete',
    permission: 'groups.edit',
    input: DeleteGroupInput,
    target: (i) => `gid ${i.gid} (${i.name})`,
  },
  async ({ gid, confirm }, _operator, app) => {
    // A group the console cannot look up (not in its directory) is confirmed by its gid, as
    // its page asks: the guard never depends on what the console happens to know.
    if (app.environment === 'production') {
      const group = (await getGroup(app, gid)) ?? { gid, name: '' };
      requireTypedInProduction(app, confirm, groupConfirmation(group), group.name ? "the group's name" : 'the gid');
    }
    await deleteGroup(app, gid);
    return { gid };
  },
);

export const addMembersAction = defineAppAction(
  {
    name: 'group.members.add',
    permission: 'groups.edit',
    input: AddMembersInput,
    target: (i) =>
      `gid ${i.gid}: ${i.addresses.slice(0, 5).join(', ')}${i.addresses.length > 5 ? ` and ${i.addresses.length - 5} more` : ''}`,
    subjects: (i) => i.addresses,
    detail: (i) =>
      `${i.addresses.length} of ${i.addresses.length} added or updated (can send: ${i.send}, can receive: ${i.recv})`,
  },
  async ({ gid, addresses, send, recv }, _operator, app) => {
    const result = await addMembers(app, gid, addresses, { send, recv });
    if (result.ok) return result;
    const named = result.unknown.slice(0, 5).join(', ') + (result.unknown.length > 5 ? ', …' : '');
    return new Refused(
      result,
      `Nothing was added: ${result.unknown.length} of ${result.checked} addresses are not users (${named})`,
    );
  },
);

export const setMemberPermissionsAction = defineAppAction(
  {
    name: 'group.member.permissions',
    permission: 'groups.edit',
    input: MemberPermissionInput,
    target: (i) => `gid ${i.gid}: ${i.address}`,
  },
  ({ gid, address, send, recv }, _operator, app) => setMemberPermissions(app, gid, address, { send, recv }),
);

export const removeMemberAction = defineAppAction(
  {
    name: 'group.member.remove',
    permission: 'groups.edit',
    input: RemoveMemberInput,
    target: (i) => `gid ${i.gid}: ${i.address}`,
  },
  async ({ gid, address }, _operator, app) => {
    await removeMember(app, gid, address);
    return { gid, address };
  },
);

/** Import members: the checked file starts as a job (the entry says the file, its rows and the choice). */
export const startMembersImportAction = defineAppAction(
  {
    name: 'members.import.start',
    permission: 'groups.edit',
    input: StartMembersImportInput,
    target: (i) => `job ${i.job} (group ${i.gid})`,
    detail: (i, r) => {
      const started = r as Awaited<ReturnType<typeof startMembersImport>>;
      const choices = [
        i.addUnknown && 'adding unknown addresses to the directory',
        i.skipInvalid && `skipping ${started.invalid.toLocaleString('en')} invalid`,
      ].filter(Boolean);
      return `${started.file}: ${started.rows.toLocaleString('en')} rows${choices.length ? `, ${choices.join(', ')}` : ''}`;
    },
  },
  (input, _operator, app) => startMembersImport(app, input),
);
