import { Container, Paper, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <Container size={460} py="xl" component="main">
      <Title order={1} size="h3" ta="center" mb="md">
        RelayPost
      </Title>
      <Paper withBorder p="lg" radius="md">
        {children}
      </Paper>
    </Container>
  );
}
