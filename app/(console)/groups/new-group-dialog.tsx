'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { DialogFormFooter } from '@/components/ui/dialog-form-footer';
import { TextField } from '@/components/ui/field';
import { submitWith } from '@/components/ui/submit';
import { ActionFailure, unwrap } from '@/lib/actions/result';
import { groupKeys } from '@/lib/queries/groups';
import { createGroupAction } from './actions';
import { checkedFlags, FlagFields } from './flag-fields';

export function NewGroupDialog() {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const qc = useQueryClient();
  const create = useMutation({
    mutationFn: async (form: FormData) =>
      unwrap(await createGroupAction({ name: form.get('name'), flags: checkedFlags(form) })),
    onSuccess: (group) => {
      toast.success(`Group ${group.gid} created`);
      void qc.invalidateQueries({ queryKey: groupKeys.all });
      router.push(`/groups/${group.gid}`);
    },
  });
  const error = create.error instanceof ActionFailure ? create.error.error : undefined;
  return (
    <>
      <Button onClick={() => setOpen(true)}>New group</Button>
      <Dialog
        open={open}
        onOpenChange={(o) => {
          setOpen(o);
          if (!o) create.reset();
        }}
        title="New group"
      >
        <form onSubmit={submitWith(create.mutate)} className="space-y-4">
          <TextField
            label="Name"
            name="name"
            required
            maxLength={128}
            autoComplete="off"
            error={error?.fieldErrors?.name?.[0]}
          />
          <FlagFields />
          <DialogFormFooter
            error={error}
            submitLabel="Create group"
            pendingLabel="Creating…"
            pending={create.isPending}
            onCancel={() => setOpen(false)}
          />
        </form>
      </Dialog>
    </>
  );
}
