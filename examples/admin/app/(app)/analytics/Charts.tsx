'use client';
import { BarChart } from '@mantine/charts';
import type { DayOutcome } from '@/src/lib/analytics';

/** Published and failed per day (days of the workspace's zone). */
export function OutcomeChart({ days }: { days: DayOutcome[] }) {
  return (
    <BarChart
      h={260}
      data={days.map((d) => ({ ...d, day: d.day.slice(5) }))}
      dataKey="day"
      type="stacked"
      withLegend
      series={[
        { name: 'published', color: 'green.6', label: 'Published' },
        { name: 'failed', color: 'red.6', label: 'Failed' },
      ]}
      aria-label="Published and failed targets per day"
    />
  );
}

/** Success rate per platform, in percent. */
export function SuccessChart({ rows }: { rows: Array<{ platform: string; rate: number }> }) {
  return (
    <BarChart
      h={Math.max(120, rows.length * 44)}
      data={rows}
      dataKey="platform"
      orientation="vertical"
      yAxisProps={{ width: 90 }}
      xAxisProps={{ domain: [0, 100] }}
      unit="%"
      series={[{ name: 'rate', color: 'indigo.6', label: 'Success rate' }]}
      aria-label="Success rate per platform"
    />
  );
}
