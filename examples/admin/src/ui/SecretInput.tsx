'use client';
import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useId } from 'react';

/**
 * Mantine's `PasswordInput` with its description and error wired to the input itself
 * (`aria-describedby`, `aria-invalid`): Mantine 9 leaves them off the inner input, so a screen
 * reader would not hear the error shown next to the field.
 *
 * @example
 * ```tsx
 * <SecretInput label="Anthropic API key" name="anthropicApiKey" error={errors.anthropicApiKey} />
 * ```
 */
export function SecretInput(props: PasswordInputProps) {
  const generated = useId();
  const id = props.id ?? generated;
  const describedBy = [
    props.description ? `${id}-description` : null,
    props.error ? `${id}-error` : null,
  ].filter((part) => part !== null);
  return (
    <PasswordInput
      {...props}
      id={id}
      aria-invalid={props.error ? true : undefined}
      aria-describedby={describedBy.length ? describedBy.join(' ') : undefined}
    />
  );
}
