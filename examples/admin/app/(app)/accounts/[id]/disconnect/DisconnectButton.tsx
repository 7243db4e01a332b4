'use client';
import { Button } from '@mantine/core';
import { useTransition } from 'react';
import { disconnectAccount } from '../../actions';

export function DisconnectButton({ accountId, label }: { accountId: string; label: string }) {
  const [pending, start] = useTransition();
  return (
    <Button color="red" loading={pending} onClick={() => start(() => disconnectAccount(accountId))}>
      Disconnect {label}
    </Button>
  );
}
