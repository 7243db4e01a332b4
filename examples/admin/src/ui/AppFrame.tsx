'use client';
import { AppShell, Badge, Burger, Button, Group, NavLink, Select, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconCalendar,
  IconChartBar,
  IconChecklist,
  IconDatabase,
  IconList,
  IconLogout,
  IconPencilPlus,
  IconPlugConnected,
  IconPlus,
  IconSettings,
  IconUserCircle,
} from '@tabler/icons-react';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { type ReactNode, useTransition } from 'react';
import { switchWorkspace } from '@/app/(app)/actions';
import { authClient } from './auth-client';

const LINKS = [
  { href: '/posts', label: 'Posts', icon: IconList },
  { href: '/compose', label: 'Compose', icon: IconPencilPlus },
  { href: '/calendar', label: 'Calendar', icon: IconCalendar },
  { href: '/approvals', label: 'Approvals', icon: IconChecklist },
  { href: '/accounts', label: 'Accounts', icon: IconPlugConnected },
  { href: '/analytics', label: 'Analytics', icon: IconChartBar },
  { href: '/settings', label: 'Settings', icon: IconSettings },
  { href: '/data', label: 'Your data', icon: IconDatabase },
  { href: '/account', label: 'Your account', icon: IconUserCircle },
] as const;

/** The signed-in chrome: header with the workspace switcher, navigation (a drawer on phones). */
export function AppFrame(props: {
  user: { name: string; email: string };
  workspaces: Array<{ id: string; name: string }>;
  workspaceId: string;
  timeZone: string;
  approvalsWaiting: number;
  children: ReactNode;
}) {
  const [opened, { toggle, close }] = useDisclosure();
  const pathname = usePathname();
  const router = useRouter();
  const [switching, startSwitch] = useTransition();
  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 230, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Menu" />
            <Title order={2} size="h4" style={{ whiteSpace: 'nowrap' }}>
              <Link href="/posts" style={{ color: 'inherit', textDecoration: 'none' }}>
                RelayPost
              </Link>
            </Title>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Select
              aria-label="Workspace"
              data={props.workspaces.map((w) => ({ value: w.id, label: w.name }))}
              value={props.workspaceId}
              allowDeselect={false}
              disabled={switching}
              w={{ base: 150, sm: 220 }}
              onChange={(id) => {
                if (!id || id === props.workspaceId) return;
                startSwitch(async () => {
                  await switchWorkspace(id);
                  router.push('/posts');
                  router.refresh();
                });
              }}
            />
            <Button
              component={Link}
              href="/workspaces/new"
              variant="subtle"
              px="xs"
              aria-label="New workspace"
              title="New workspace"
            >
              <IconPlus size={18} aria-hidden />
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <AppShell.Section grow>
          {LINKS.map((link) => (
            <NavLink
              key={link.href}
              component={Link}
              href={link.href}
              label={link.label}
              leftSection={<link.icon size={18} aria-hidden />}
              active={pathname === link.href || pathname.startsWith(`${link.href}/`)}
              onClick={close}
              rightSection={
                link.href === '/approvals' && props.approvalsWaiting > 0 ? (
                  <Badge size="sm" circle aria-label={`${props.approvalsWaiting} waiting`}>
                    {props.approvalsWaiting}
                  </Badge>
                ) : null
              }
            />
          ))}
        </AppShell.Section>
        <AppShell.Section>
          <Text size="xs" c="dimmed" px="sm">
            {props.user.name} · {props.user.email}
            <br />
            Times in {props.timeZone}
          </Text>
          <NavLink
            component="button"
            label="Sign out"
            leftSection={<IconLogout size={18} aria-hidden />}
            onClick={async () => {
              await authClient.signOut();
              router.push('/sign-in');
              router.refresh();
            }}
          />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>{props.children}</AppShell.Main>
    </AppShell>
  );
}
