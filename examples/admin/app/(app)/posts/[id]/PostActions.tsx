'use client';
import { Button, Group, Stack, Text, Textarea, TextInput } from '@mantine/core';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { SubmitButton } from '@/src/ui/SubmitButton';
import { useFormAction } from '@/src/ui/useAction';
import { cancelPost, publishNow, regenerateCaption, reschedulePost } from '../actions';

/** What can still be done to a post that is not final. */
export function PostActions(props: {
  postId: string;
  timeZone: string;
  publishAtLocal: string;
  canEdit: boolean;
  canCaption: boolean;
  waitingForApproval: boolean;
}) {
  const router = useRouter();
  const refresh = () => router.refresh();
  const now = useFormAction();
  const move = useFormAction();
  const cancel = useFormAction();
  const caption = useFormAction();
  const [at, setAt] = useState(props.publishAtLocal);
  const [brief, setBrief] = useState('');
  const message = now.message ?? move.message ?? cancel.message ?? caption.message;
  return (
    <Stack gap="md">
      <Group wrap="wrap">
        {props.canEdit && (
          <Button component={Link} href={`/compose?edit=${props.postId}`} variant="default">
            Edit
          </Button>
        )}
        <Button
          variant="default"
          loading={now.pending}
          onClick={() => now.run(() => publishNow(props.postId), refresh)}
        >
          {props.waitingForApproval ? 'Publish now (after approval)' : 'Publish now'}
        </Button>
        <Button
          color="red"
          variant="light"
          loading={cancel.pending}
          onClick={() => cancel.run(() => cancelPost(props.postId, ''), refresh)}
        >
          Cancel post
        </Button>
      </Group>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          move.run(() => reschedulePost(props.postId, at), refresh);
        }}
      >
        <Group align="flex-end" wrap="wrap">
          <TextInput
            type="datetime-local"
            label={`New publish time (${props.timeZone})`}
            value={at}
            onChange={(e) => setAt(e.currentTarget.value)}
            error={move.errors.at}
          />
          <SubmitButton variant="default" loading={move.pending}>
            Reschedule
          </SubmitButton>
        </Group>
      </form>
      {props.canCaption && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            caption.run(() => regenerateCaption(props.postId, brief), refresh);
          }}
        >
          <Stack gap="xs">
            <Textarea
              label="New AI caption: brief (optional)"
              value={brief}
              onChange={(e) => setBrief(e.currentTarget.value)}
              autosize
              minRows={2}
              error={caption.errors.brief}
            />
            <Group>
              <SubmitButton variant="default" loading={caption.pending}>
                Regenerate caption
              </SubmitButton>
            </Group>
          </Stack>
        </form>
      )}
      <div role="status" aria-live="polite">
        {message && <Text c="green.8">{message}</Text>}
        {(now.errors.form || cancel.errors.form) && (
          <Text c="red.8">{now.errors.form ?? cancel.errors.form}</Text>
        )}
      </div>
    </Stack>
  );
}
