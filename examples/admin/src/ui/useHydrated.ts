'use client';
import { useEffect, useState } from 'react';

/**
 * False until React has hydrated the page. Submit buttons wait for it, so a click before the
 * scripts ran can never send the form the browser's way (a GET that would put a password or a
 * token in the URL).
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
