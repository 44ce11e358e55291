export type {
  CaptionCue,
  CaptionDiagnostic,
  CaptionFormat,
  CaptionStyle,
  DiagnosticSeverity,
  SourceCue,
  SourceFormat,
  SourceParseResult,
} from './caption.types';
export {
  decodeScc,
  SCC_HEADER,
  type SccDecodeOptions,
  type SccDecodeResult,
  type SccDecodeStats,
} from './scc.decoder';
export {
  encodeScc,
  type EncodedCaption,
  type SccEncodeOptions,
  type SccEncodeResult,
} from './scc.encoder';
export { parseSrt } from './srt.parser';
export { parseVtt } from './vtt.parser';
export { parseWhisperJson } from './whisper.parser';
export { toSrt, toWebVtt, type SubtitleWriteOptions } from './subtitle.writer';
export { SidecarWriteError, writeSidecarAtomic } from './sidecar.writer';
export {
  captionFormatFromPath,
  convertToScc,
  decodeSourceText,
  parseSourceCaptions,
  sccToWebVtt,
  type SccConversion,
} from './caption-convert';
export {
  FRAME_RATE,
  formatClock,
  formatTimecode,
  frameToDropFrameLabel,
  frameToSeconds,
  parseStartTimecode,
  parseTimecode,
  secondsToFrame,
  TimecodeError,
} from './timecode';
