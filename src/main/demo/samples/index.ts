/** Sample recordings for tests, E2E and the demo (see sample-library.ts). */
export {
  DEFAULT_SAMPLE_DURATION_SEC,
  generateSampleLibrary,
  SAMPLE_CASES,
  SAMPLE_START_TIMECODE,
  type SampleCase,
  type SampleLibraryOptions,
  type SampleManifest,
  type SampleRecording,
  type SampleSidecar,
} from './sample-library';
export {
  BUILT_IN_SAMPLE_SHOWS,
  DEMO_RANDOM_SEED,
  sampleShowsFromSimulator,
  type SampleShow,
} from './sample-shows';
export { locateFfmpeg, type VideoEncoder } from './ffmpeg';
