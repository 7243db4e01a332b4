import { Stack, Title } from '@mantine/core';
import type { Metadata } from 'next';
import { requireWorkspace } from '@/src/server/session';
import { AiForm, GeneralForm, TelegramForm, WebhookForm } from './SettingsForms';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const { workspace } = await requireWorkspace();
  return (
    <Stack maw={760}>
      <Title order={1}>Workspace settings</Title>
      <GeneralForm name={workspace.name} timeZone={workspace.timeZone} />
      <AiForm
        keySet={Boolean(workspace.ai?.anthropicApiKey)}
        model={workspace.ai?.model ?? ''}
        tone={workspace.ai?.tone ?? ''}
        samples={(workspace.ai?.brandVoiceSamples ?? []).join('\n---\n')}
      />
      <TelegramForm
        tokenSet={Boolean(workspace.telegram?.botToken)}
        chats={(workspace.telegram?.approverChatIds ?? []).join(', ')}
        users={(workspace.telegram?.approverUserIds ?? []).join(', ')}
      />
      <WebhookForm url={workspace.webhook?.url ?? ''} secretSet={Boolean(workspace.webhook?.secret)} />
    </Stack>
  );
}
