/** Sample recordings for tests, E2E and the demo (see sample-library.ts). */
export {
  generateSampleLibrary,
  SAMPLE_CASES,
  type SampleManifest,
  type SampleRecording,
} from './sample-library';
export {
  BUILT_IN_SAMPLE_SHOWS,
  DEMO_RANDOM_SEED,
  sampleShowsFromSimulator,
  type SampleShow,
} from './sample-shows';
export { locateFfmpeg } from './ffmpeg';
