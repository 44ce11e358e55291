export type { CaptionCue, CaptionDiagnostic, SourceFormat } from './caption.types';
export { decodeScc } from './scc.decoder';
export { encodeScc } from './scc.encoder';
export { parseWhisperJson } from './whisper.parser';
export { toSrt, toWebVtt } from './subtitle.writer';
export { SidecarWriteError, writeSidecarAtomic } from './sidecar.writer';
export {
  captionFormatFromPath,
  convertToScc,
  decodeSourceText,
  parseSourceCaptions,
} from './caption-convert';
export {
  FRAME_RATE,
  formatClock,
  formatTimecode,
  frameToDropFrameLabel,
  parseStartTimecode,
  parseTimecode,
  secondsToFrame,
  TimecodeError,
} from './timecode';
