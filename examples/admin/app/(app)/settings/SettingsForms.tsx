'use client';
import { Alert, Badge, Button, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { SecretInput } from '@/src/ui/SecretInput';
import { SubmitButton } from '@/src/ui/SubmitButton';
import { TimeZoneSelect } from '@/src/ui/TimeZoneSelect';
import { useFormAction } from '@/src/ui/useAction';
import { saveAi, saveGeneral, saveTelegram, saveWebhook, sendTelegramTest } from './actions';

function Section(props: { id: string; title: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={props.id}>
      <Stack gap="sm">
        <Title order={2} size="h4" id={props.id}>
          {props.title}
        </Title>
        {props.intro && <Text size="sm">{props.intro}</Text>}
        {props.children}
      </Stack>
    </Paper>
  );
}

function Outcome({ message, error }: { message: string | null; error?: string | undefined }) {
  return (
    <div role="status" aria-live="polite">
      {error && (
        <Alert color="red" p="xs">
          {error}
        </Alert>
      )}
      {message && (
        <Text c="green.8" size="sm">
          {message}
        </Text>
      )}
    </div>
  );
}

const SetBadge = ({ set }: { set: boolean }) => (
  <Badge variant="light" color={set ? 'green' : 'gray'} ml={6} size="sm">
    {set ? 'set' : 'not set'}
  </Badge>
);

const text = (form: FormData, name: string) => String(form.get(name) ?? '');

export function GeneralForm(props: { name: string; timeZone: string }) {
  const { errors, message, pending, run } = useFormAction();
  const [zone, setZone] = useState(props.timeZone);
  return (
    <Section id="general-h" title="General">
      <form
        method="post"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          run(() => saveGeneral({ name: text(form, 'name'), timeZone: zone }));
        }}
      >
        <Stack gap="sm">
          <TextInput
            label="Workspace name"
            name="name"
            defaultValue={props.name}
            maxLength={200}
            error={errors.name}
          />
          <TimeZoneSelect
            name="timeZone"
            value={zone}
            onChange={setZone}
            error={errors.timeZone}
            description="The composer, calendar and analytics use this zone."
          />
          <Group>
            <SubmitButton loading={pending}>Save</SubmitButton>
          </Group>
          <Outcome message={message} error={errors.form} />
        </Stack>
      </form>
    </Section>
  );
}

export function AiForm(props: { keySet: boolean; model: string; tone: string; samples: string }) {
  const { errors, message, pending, run } = useFormAction();
  return (
    <Section
      id="ai-h"
      title="AI captions"
      intro="Captions are written by Anthropic's API with your workspace's own key. RelayPost stores the key encrypted and never shows it again."
    >
      <form
        method="post"
        onSubmit={(event) => {
          event.preventDefault();
          const element = event.currentTarget;
          const form = new FormData(element);
          run(
            () =>
              saveAi({
                anthropicApiKey: text(form, 'anthropicApiKey'),
                model: text(form, 'model'),
                tone: text(form, 'tone'),
                samples: text(form, 'samples'),
              }),
            // The key field is write-only: empty it once saved.
            () => {
              const key = element.elements.namedItem('anthropicApiKey');
              if (key instanceof HTMLInputElement) key.value = '';
            },
          );
        }}
      >
        <Stack gap="sm">
          <SecretInput
            label={
              <>
                Anthropic API key <SetBadge set={props.keySet} />
              </>
            }
            name="anthropicApiKey"
            autoComplete="off"
            placeholder={props.keySet ? 'Leave empty to keep the stored key' : 'sk-ant-…'}
            description="Write-only: type a new key to replace the stored one. Anthropic checks it when you save."
            error={errors.anthropicApiKey}
          />
          <TextInput
            label="Model"
            name="model"
            defaultValue={props.model}
            placeholder="claude-sonnet-5-5"
            error={errors.model}
          />
          <TextInput
            label="Tone"
            name="tone"
            defaultValue={props.tone}
            maxLength={500}
            placeholder="e.g. warm, concise, no hashtags"
            error={errors.tone}
          />
          <Textarea
            label="Brand-voice samples"
            name="samples"
            defaultValue={props.samples}
            autosize
            minRows={4}
            description="Posts that sound like you. Separate samples with a line holding only ---  (20 at most)."
            error={errors.samples}
          />
          <Group>
            <SubmitButton loading={pending}>Save AI settings</SubmitButton>
          </Group>
          <Outcome message={message} error={errors.form} />
        </Stack>
      </form>
    </Section>
  );
}

export function TelegramForm(props: { tokenSet: boolean; chats: string; users: string }) {
  const save = useFormAction();
  const test = useFormAction();
  return (
    <Section
      id="tg-h"
      title="Telegram approvals"
      intro="When a post needs approval, the workspace's bot sends it to the approver chats with Approve and Reject buttons. Only the listed users may press them."
    >
      <form
        method="post"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          save.run(() =>
            saveTelegram({
              botToken: text(form, 'botToken'),
              approverChatIds: text(form, 'approverChatIds'),
              approverUserIds: text(form, 'approverUserIds'),
            }),
          );
        }}
      >
        <Stack gap="sm">
          <SecretInput
            label={
              <>
                Bot token <SetBadge set={props.tokenSet} />
              </>
            }
            name="botToken"
            autoComplete="off"
            placeholder={props.tokenSet ? 'Leave empty to keep the stored token' : '123456:ABC…'}
            description="From @BotFather. Write-only."
            error={save.errors.botToken}
          />
          <TextInput
            label="Approver chats"
            name="approverChatIds"
            defaultValue={props.chats}
            description="Chat ids (e.g. -1001234567890) or channel names (@team_channel), separated by commas."
            error={save.errors.approverChatIds}
          />
          <TextInput
            label="Approver user ids"
            name="approverUserIds"
            defaultValue={props.users}
            inputMode="numeric"
            description="Numeric Telegram user ids allowed to approve, separated by commas."
            error={save.errors.approverUserIds}
          />
          <Group>
            <SubmitButton loading={save.pending}>Save Telegram settings</SubmitButton>
            <Button
              variant="default"
              loading={test.pending}
              onClick={() => test.run(() => sendTelegramTest())}
            >
              Send test message
            </Button>
          </Group>
          <Outcome message={save.message} error={save.errors.form} />
          <Outcome message={test.message} error={test.errors.telegramTest} />
        </Stack>
      </form>
    </Section>
  );
}

export function WebhookForm(props: { url: string; secretSet: boolean }) {
  const { errors, message, pending, run } = useFormAction();
  const [remove, setRemove] = useState(false);
  return (
    <Section
      id="wh-h"
      title="Webhook"
      intro="RelayPost posts signed outcome notifications (published, failed, needs reconnect) to this address."
    >
      <form
        method="post"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          run(() => saveWebhook({ url: text(form, 'url'), secret: text(form, 'secret'), remove }));
        }}
      >
        <Stack gap="sm">
          <TextInput
            label="Webhook URL"
            name="url"
            defaultValue={props.url}
            placeholder="https://example.com/relaypost"
            error={errors.webhookUrl}
          />
          <SecretInput
            label={
              <>
                Signing secret <SetBadge set={props.secretSet} />
              </>
            }
            name="secret"
            autoComplete="off"
            placeholder={props.secretSet ? 'Leave empty to keep the stored secret' : ''}
            description="Write-only. Each delivery carries X-RelayPost-Signature: t=…,v1=… (HMAC-SHA256 of t.body)."
            error={errors.webhookSecret}
          />
          <Group>
            <SubmitButton loading={pending} onClick={() => setRemove(false)}>
              Save webhook
            </SubmitButton>
            {props.url && (
              <SubmitButton color="red" variant="light" onClick={() => setRemove(true)}>
                Remove webhook
              </SubmitButton>
            )}
          </Group>
          <Outcome message={message} error={errors.form} />
        </Stack>
      </form>
    </Section>
  );
}
