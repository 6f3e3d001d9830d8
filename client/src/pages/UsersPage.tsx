import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTable } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { User } from '../../../shared/api-auth';
import { api, queryKeys } from '../api';
import { DataTable } from '../components/DataTable';
import { ConfirmDialog } from '../components/Dialog';
import { ErrorState, Loading } from '../components/QueryState';
import { serverTableFeatures } from '../components/table';
import { CreateUserDialog, EditUserDialog, SetPasswordDialog } from '../components/UserDialogs';
import { useDocumentTitle } from '../document-title';
import { formatCount } from '../format';
import { useMe } from '../session';
import { userColumns } from './userColumns';
import { PageHeader } from '../components/PageHeader';

const NO_USERS: User[] = [];

type OpenDialog = { kind: 'create' } | { kind: 'edit' | 'password' | 'disable'; user: User };

export function UsersPage() {
  useDocumentTitle('Users');
  const me = useMe();
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: queryKeys.users, queryFn: api.users });
  const [dialog, setDialog] = useState<OpenDialog | null>(null);

  // A change shows in the list, in the audit log, and in the header when it is about oneself.
  const refresh = () => Promise.all([queryKeys.users, queryKeys.me, ['audit']].map((queryKey) => queryClient.invalidateQueries({ queryKey })));
  const close = () => setDialog(null);
  const done = async () => {
    await refresh();
    close();
  };
  const setDisabled = useMutation({
    mutationFn: ({ user, disabled }: { user: User; disabled: boolean }) => api.updateUser(user.id, { disabled }),
    onSuccess: done,
  });
  const { mutate: changeDisabled, reset: resetDisabled } = setDisabled;

  const columns = useMemo(
    () =>
      userColumns({
        meId: me.id,
        busyId: setDisabled.isPending ? (setDisabled.variables?.user.id ?? null) : null,
        edit: (user) => setDialog({ kind: 'edit', user }),
        setPassword: (user) => setDialog({ kind: 'password', user }),
        disable: (user) => {
          resetDisabled();
          setDialog({ kind: 'disable', user });
        },
        enable: (user) => changeDisabled({ user, disabled: false }),
      }),
    [me.id, setDisabled.isPending, setDisabled.variables, changeDisabled, resetDisabled],
  );
  const table = useTable({
    features: serverTableFeatures,
    columns,
    data: users.data?.items ?? NO_USERS,
    getRowId: (user) => String(user.id),
    // The API lists people by e-mail; a few dozen rows need no other order.
    enableSorting: false,
  });

  return (
    <div className="page">
      <PageHeader
        title="Users"
        subtitle={<>People who sign in to the dashboard, with their role and refund limit.{users.data && ` ${formatCount(users.data.total)} in total.`}</>}
      >
        <button type="button" className="button button-primary" onClick={() => setDialog({ kind: 'create' })}>
          New user
        </button>
      </PageHeader>
      {/* Enabling has no dialog, so its refusal (or a refused disabling whose dialog was closed) shows here. */}
      {setDisabled.error && !dialog && (
        <ErrorState error={setDisabled.error} title={setDisabled.variables?.disabled ? 'The user was not disabled' : 'The user was not enabled'} />
      )}
      {users.isPending ? (
        <Loading label="Loading users…" />
      ) : users.error && !users.data ? (
        <ErrorState error={users.error} title="Could not load the users" />
      ) : (
        <section className="panel">
          {users.error && <ErrorState error={users.error} title="Could not refresh the users" />}
          <DataTable table={table} caption="users" />
        </section>
      )}

      {dialog?.kind === 'create' && <CreateUserDialog onClose={close} onDone={done} />}
      {dialog?.kind === 'edit' && <EditUserDialog user={dialog.user} self={dialog.user.id === me.id} onClose={close} onDone={done} />}
      {dialog?.kind === 'password' && <SetPasswordDialog user={dialog.user} onClose={close} onDone={done} />}
      {dialog?.kind === 'disable' && (
        <ConfirmDialog
          title={`Disable ${dialog.user.email}?`}
          confirmLabel="Disable"
          pending={setDisabled.isPending}
          error={setDisabled.error}
          onConfirm={() => changeDisabled({ user: dialog.user, disabled: true })}
          onClose={close}
        >
          <p>
            {dialog.user.name} is signed out at once and can no longer sign in. The API tokens they created stop working too. You can enable them again
            later.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
