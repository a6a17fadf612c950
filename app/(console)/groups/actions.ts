'use server';

import { defineAction, Refused } from '@/lib/actions/run';
import { addMembers, createGroup, deleteGroup, removeMember, saveGroup, setMemberPermissions } from '@/lib/dal/groups';
import { flagsOf } from '@/lib/domain/group-flags';
import {
  AddMembersInput,
  CreateGroupInput,
  DeleteGroupInput,
  MemberPermissionInput,
  RemoveMemberInput,
  SaveGroupInput,
} from '@/lib/validations/groups';

export const createGroupAction = defineAction(
  {
    name: 'group.create',
    permission: 'groups.edit',
    input: CreateGroupInput,
    fields: { 'group.name': 'name' },
    target: (i) => `new group (${i.name})`,
  },
  async ({ name, behaviour }) => createGroup(name, flagsOf(behaviour)),
);

export const saveGroupAction = defineAction(
  {
    name: 'group.update',
    permission: 'groups.edit',
    input: SaveGroupInput,
    fields: { 'group.name': 'name' },
    target: (i) => `gid ${i.gid} (${i.name})`,
  },
  async ({ gid, name, behaviour, keep }) => saveGroup(gid, name, flagsOf(behaviour, keep)),
);

export const deleteGroupAction = defineAction(
  {
    name: 'group.delete',
    permission: 'groups.edit',
    input: DeleteGroupInput,
    target: (i) => `gid ${i.gid} (${i.name})`,
  },
  async ({ gid }) => {
    await deleteGroup(gid);
    return { gid };
  },
);

export const addMembersAction = defineAction(
  {
    name: 'group.members.add',
    permission: 'groups.edit',
    input: AddMembersInput,
    target: (i) =>
      `gid ${i.gid}: ${i.addresses.slice(0, 5).join(', ')}${i.addresses.length > 5 ? ` and ${i.addresses.length - 5} more` : ''}`,
  },
  async ({ gid, addresses, send, recv }) => {
    const result = await addMembers(gid, addresses, { send, recv });
    if (result.ok) return result;
    const named = result.unknown.slice(0, 5).join(', ') + (result.unknown.length > 5 ? ', …' : '');
    return new Refused(
      result,
      `Nothing was added: ${result.unknown.length} of ${result.checked} addresses are not users (${named})`,
    );
  },
);

export const setMemberPermissionsAction = defineAction(
  {
    name: 'group.member.permissions',
    permission: 'groups.edit',
    input: MemberPermissionInput,
    target: (i) => `gid ${i.gid}: ${i.address}`,
  },
  async ({ gid, address, send, recv }) => {
    await setMemberPermissions(gid, address, { send, recv });
    return { gid, address };
  },
);

export const removeMemberAction = defineAction(
  {
    name: 'group.member.remove',
    permission: 'groups.edit',
    input: RemoveMemberInput,
    target: (i) => `gid ${i.gid}: ${i.address}`,
  },
  async ({ gid, address }) => {
    await removeMember(gid, address);
    return { gid, address };
  },
);
