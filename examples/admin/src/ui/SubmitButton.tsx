'use client';
import { Button, type ButtonProps } from '@mantine/core';
import type { MouseEventHandler } from 'react';
import { useHydrated } from './useHydrated';

/** A form's submit button, enabled once the page is hydrated (see `useHydrated`). */
export function SubmitButton(props: ButtonProps & { onClick?: MouseEventHandler<HTMLButtonElement> }) {
  const hydrated = useHydrated();
  return <Button {...props} type="submit" disabled={!hydrated || props.disabled} />;
}
