'use client';
import { Anchor, type AnchorProps, Button, type ButtonProps } from '@mantine/core';
import Link from 'next/link';
import type { ReactNode } from 'react';

// Server components cannot hand `component={Link}` to Mantine (a function prop crosses to the
// client), so these small client components do it.

/** A Mantine button that navigates like a Next.js link. */
export function LinkButton(props: ButtonProps & { href: string; children: ReactNode }) {
  return <Button component={Link} {...props} />;
}

/** A Mantine anchor that navigates like a Next.js link. */
export function LinkAnchor(props: AnchorProps & { href: string; children: ReactNode }) {
  return <Anchor component={Link} {...props} />;
}
