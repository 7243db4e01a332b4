'use client';
import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { approvePost, rejectPost } from '@/app/(app)/posts/actions';
import { useFormAction } from './useAction';

/** Approve, or reject with a reason, as the signed-in user. */
export function ApprovalButtons({ postId, title }: { postId: string; title: string }) {
  const router = useRouter();
  const approve = useFormAction();
  const reject = useFormAction();
  const [reason, setReason] = useState('');
  return (
    <Stack gap="xs">
      <Group align="flex-end" wrap="wrap">
        <Button
          color="green"
          loading={approve.pending}
          onClick={() =>
            approve.run(
              () => approvePost(postId),
              () => router.refresh(),
            )
          }
          aria-label={`Approve “${title}”`}
        >
          Approve
        </Button>
        <TextInput
          label="Reason for rejecting"
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          maxLength={2000}
          error={reject.errors.reason}
          style={{ flex: '1 1 200px' }}
        />
        <Button
          color="red"
          variant="light"
          loading={reject.pending}
          onClick={() =>
            reject.run(
              () => rejectPost(postId, reason),
              () => router.refresh(),
            )
          }
          aria-label={`Reject “${title}”`}
        >
          Reject
        </Button>
      </Group>
      <div role="status" aria-live="polite">
        {(approve.message || reject.message) && <Text c="green.8">{approve.message ?? reject.message}</Text>}
        {approve.errors.form && <Text c="red.8">{approve.errors.form}</Text>}
      </div>
    </Stack>
  );
}
