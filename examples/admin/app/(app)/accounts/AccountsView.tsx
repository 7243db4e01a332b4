'use client';
import {
  Alert,
  Button,
  Card,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import type { AccountStatus, PlatformId } from '@relaypost/core';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { describeExpiry, formatHandle } from '@/src/lib/platforms';
import { formatInZone } from '@/src/lib/time';
import { PlatformIcon } from '@/src/ui/PlatformIcon';
import { SecretInput } from '@/src/ui/SecretInput';
import { StatusBadge } from '@/src/ui/StatusBadge';
import { SubmitButton } from '@/src/ui/SubmitButton';
import { useFormAction } from '@/src/ui/useAction';
import { connectOAuth, connectWithPassword, reconnectOAuth } from './actions';

interface AccountRow {
  id: string;
  platform: PlatformId;
  handle: string;
  displayName: string | null;
  status: AccountStatus;
  expiresAt: string | null;
}
interface PlatformRow {
  platform: PlatformId;
  displayName: string;
  auth: 'oauth2' | 'password';
}

function OAuthButton({
  label,
  start,
}: {
  label: string;
  start: () => Promise<{ url: string } | { error: string }>;
}) {
  const [pending, begin] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <Stack gap={4}>
      <Button
        loading={pending}
        onClick={() =>
          begin(async () => {
            const result = await start();
            if ('error' in result) setError(result.error);
            else window.location.assign(result.url);
          })
        }
      >
        {label}
      </Button>
      {error && (
        <Text c="red" size="sm" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}

function PasswordConnect({ platform, identifier }: { platform: PlatformRow; identifier?: string }) {
  const router = useRouter();
  const { errors, message, pending, run } = useFormAction();
  return (
    <form
      method="post"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        run(
          () =>
            connectWithPassword({
              platform: platform.platform,
              identifier: String(form.get('identifier') ?? ''),
              password: String(form.get('password') ?? ''),
            }),
          () => router.refresh(),
        );
      }}
    >
      <Stack gap="xs">
        <TextInput
          label="Handle or email"
          name="identifier"
          autoComplete="off"
          placeholder="you.bsky.social"
          defaultValue={identifier}
          error={errors.identifier}
        />
        <SecretInput
          label="App password"
          name="password"
          autoComplete="off"
          description="Create one under Settings → Privacy and security → App passwords. It is used once to sign in and not stored."
          error={errors.password}
        />
        {errors.form && <Alert color="red">{errors.form}</Alert>}
        <SubmitButton loading={pending}>Connect {platform.displayName}</SubmitButton>
        <div role="status">{message && <Text c="green.8">{message}</Text>}</div>
      </Stack>
    </form>
  );
}

export function AccountsView(props: {
  timeZone: string;
  accounts: AccountRow[];
  platforms: PlatformRow[];
  notConfigured: string[];
}) {
  const [reconnecting, setReconnecting] = useState<AccountRow | null>(null);
  const platformOf = (id: PlatformId) => props.platforms.find((p) => p.platform === id);
  const active = props.accounts.filter((a) => a.status !== 'disconnected');
  return (
    <Stack>
      <section aria-labelledby="connected-h">
        <Title order={2} size="h3" id="connected-h" mb="xs">
          Connected
        </Title>
        {active.length === 0 ? (
          <Text c="dimmed">No accounts yet. Connect one below.</Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Account</Table.Th>
                  <Table.Th>Status</Table.Th>
                  <Table.Th>Access token</Table.Th>
                  <Table.Th>Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {active.map((account) => {
                  const expiry = describeExpiry(account.expiresAt);
                  const platform = platformOf(account.platform);
                  return (
                    <Table.Tr key={account.id}>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <PlatformIcon platform={account.platform} size={20} />
                          <div>
                            {account.displayName && <Text size="sm">{account.displayName}</Text>}
                            <Text size="sm" c="dimmed">
                              {formatHandle(account.handle)}
                            </Text>
                          </div>
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <StatusBadge status={account.status} />
                      </Table.Td>
                      <Table.Td>
                        <Text
                          size="sm"
                          c={expiry.tone === 'ok' ? undefined : expiry.tone === 'soon' ? 'orange.8' : 'red.8'}
                        >
                          {expiry.text}
                          {account.expiresAt && ` (${formatInZone(account.expiresAt, props.timeZone)})`}
                        </Text>
                        <Text size="xs" c="dimmed" maw={320}>
                          {expiry.explanation}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          {!platform ? (
                            <Tooltip label="This deployment has no adapter for the platform">
                              <Text size="sm" c="dimmed">
                                not configured
                              </Text>
                            </Tooltip>
                          ) : platform.auth === 'oauth2' ? (
                            <OAuthButton label="Reconnect" start={() => reconnectOAuth(account.id)} />
                          ) : (
                            <Button variant="default" onClick={() => setReconnecting(account)}>
                              Reconnect
                            </Button>
                          )}
                          <Button
                            component={Link}
                            href={`/accounts/${account.id}/disconnect`}
                            color="red"
                            variant="light"
                          >
                            Disconnect
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </section>

      <section aria-labelledby="connect-h">
        <Title order={2} size="h3" id="connect-h" mb="xs">
          Connect an account
        </Title>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
          {props.platforms.map((platform) => (
            <Card withBorder key={platform.platform}>
              <Stack gap="xs">
                <Group gap="xs">
                  <PlatformIcon platform={platform.platform} size={22} decorative />
                  <Title order={3} size="h4">
                    {platform.displayName}
                  </Title>
                </Group>
                {platform.auth === 'oauth2' ? (
                  <>
                    <OAuthButton
                      label={`Connect ${platform.displayName}`}
                      start={() => connectOAuth(platform.platform)}
                    />
                    <Text size="xs" c="dimmed">
                      You sign in at {platform.displayName} and come back here.
                    </Text>
                  </>
                ) : (
                  <PasswordConnect
                    platform={platform}
                    {...(reconnecting?.platform === platform.platform
                      ? { identifier: reconnecting.handle }
                      : {})}
                    key={reconnecting?.id ?? 'new'}
                  />
                )}
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
        {props.notConfigured.length > 0 && (
          <Text size="sm" c="dimmed" mt="sm">
            Not configured in this deployment: {props.notConfigured.join(', ')}.
          </Text>
        )}
      </section>
    </Stack>
  );
}
