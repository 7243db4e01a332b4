import { createTheme } from '@mantine/core';

/** System fonts only (nothing fetched at build or run time); focus rings for keyboard users. */
export const theme = createTheme({
  primaryColor: 'indigo',
  focusRing: 'auto',
  defaultRadius: 'md',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
});
