'use client';
import { Select } from '@mantine/core';
import { useMemo } from 'react';

/** A searchable list of IANA zones (the browser's), the field's error shown next to it. */
export function TimeZoneSelect(props: {
  name: string;
  value: string;
  onChange(value: string): void;
  error?: string | undefined;
  description?: string;
  label?: string;
}) {
  const zones = useMemo(() => ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')], []);
  return (
    <Select
      label={props.label ?? 'Time zone'}
      name={props.name}
      data={zones}
      value={props.value}
      onChange={(value) => value && props.onChange(value)}
      searchable
      allowDeselect={false}
      error={props.error}
      description={props.description}
      limit={400}
    />
  );
}
