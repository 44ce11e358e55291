import { createContext, useContext } from 'react';

/**
 * The video of the recording on screen, for the parts around it: the transcript and the chapter
 * markers seek it, the draft editor reads its time. One per detail pane.
 */
export class Player {
  video: HTMLVideoElement | null = null;

  /** Moves the video to `seconds` (it keeps playing or stays paused as it was). */
  seek(seconds: number): void {
    const video = this.video;
    if (!video) return;
    video.currentTime = Math.max(0, seconds);
  }

  /** Where the video is, in seconds (0 before it loads). */
  time(): number {
    const t = this.video?.currentTime ?? 0;
    return Number.isFinite(t) ? t : 0;
  }
}

export const PlayerContext = createContext<Player | null>(null);

export function usePlayer(): Player {
  const player = useContext(PlayerContext);
  if (!player) throw new Error('usePlayer outside a PlayerContext');
  return player;
}
