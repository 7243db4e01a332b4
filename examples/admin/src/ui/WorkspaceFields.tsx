'use client';
import { TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { TimeZoneSelect } from './TimeZoneSelect';

/** Name and time zone of a new workspace; the zone starts as the browser's. */
export function WorkspaceFields({ errors }: { errors: Record<string, string> }) {
  const [zone, setZone] = useState('UTC');
  useEffect(() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'), []);
  return (
    <>
      <TextInput label="Workspace name" name="workspaceName" required maxLength={200} error={errors.name} />
      <TimeZoneSelect
        name="timeZone"
        value={zone}
        onChange={setZone}
        error={errors.timeZone}
        description="Posts are scheduled, and the calendar and analytics shown, in this zone."
      />
    </>
  );
}
