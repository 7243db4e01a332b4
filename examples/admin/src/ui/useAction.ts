'use client';
import { useState, useTransition } from 'react';

type Result = { ok: true; message: string } | { errors: Record<string, string> };

/**
 * Runs a server action from a form and keeps what it said: field errors (shown next to the
 * fields) or a success message (shown in a live region).
 */
export function useFormAction() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const run = (action: () => Promise<Result>, onOk?: () => void) =>
    start(async () => {
      setMessage(null);
      const result = await action();
      if ('errors' in result) {
        setErrors(result.errors);
      } else {
        setErrors({});
        setMessage(result.message);
        onOk?.();
      }
    });
  return { errors, message, pending, run };
}
