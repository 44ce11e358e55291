import { expect, type Locator, type Page } from '@playwright/test';
import { goToScreen, openScreen } from './navigation';

/** What the tests read of a `<video>` (the e2e project has no DOM types). */
interface VideoLike {
  currentTime: number;
  textTracks: ArrayLike<{ cues: { length: number } | null }>;
}

/** The Transcriptions screen, as an operator sees it. */
export class TranscriptionsPage {
  readonly list: Locator;
  readonly search: Locator;
  readonly folderPath: Locator;
  readonly addFolder: Locator;
  readonly recordingCount: Locator;
  readonly chips: Locator;
  readonly detail: Locator;
  readonly linkSection: Locator;
  readonly video: Locator;
  readonly transcript: Locator;
  readonly draft: Locator;

  constructor(readonly page: Page) {
    this.list = page.getByRole('grid', { name: 'Recordings' });
    this.search = page.getByRole('searchbox', { name: 'Search recordings' });
    this.folderPath = page.getByLabel('Folder path (a local folder or a mounted share)');
    this.addFolder = page.getByRole('button', { name: 'Add folder' });
    this.recordingCount = page.getByTestId('recording-count');
    this.chips = page.getByRole('group', { name: 'Filter by state' });
    this.detail = page.getByTestId('recording-detail');
    this.linkSection = page.getByTestId('link-section');
    this.video = page.getByTestId('preview-video');
    this.transcript = page.getByTestId('transcript');
    this.draft = page.getByTestId('draft-editor');
  }

  async open(url: string): Promise<void> {
    await openScreen(this.page, url, 'Transcriptions');
  }

  /** From anywhere in the app, by the sidebar. */
  async goHere(): Promise<void> {
    await goToScreen(this.page, 'Transcriptions');
  }

  async addStorageFolder(path: string): Promise<void> {
    await this.folderPath.fill(path);
    await this.addFolder.click();
    await expect(this.page.getByTestId('storage-folder').filter({ hasText: path })).toHaveCount(1);
  }

  /** The list's row for the recording whose file name contains `text`. */
  row(text: string): Locator {
    return this.list.locator('tbody tr', { hasText: text });
  }

  stateOf(text: string): Locator {
    return this.row(text).getByTestId('state-chip');
  }

  chip(label: string): Locator {
    return this.chips.getByRole('button', { name: new RegExp(`^${label}\\b`) });
  }

  async select(text: string): Promise<void> {
    const row = this.row(text);
    await row.click();
    const id = await row.getAttribute('data-recording-id');
    await expect(this.detail).toHaveAttribute('data-recording-id', id ?? '');
  }

  /** How many cues the video's caption track has loaded. */
  trackCueCount(): Promise<number> {
    return this.video.evaluate((v) => {
      const track = (v as unknown as VideoLike).textTracks[0];
      return track?.cues?.length ?? 0;
    });
  }

  videoTime(): Promise<number> {
    return this.video.evaluate((v) => (v as unknown as VideoLike).currentTime);
  }

  cues(): Locator {
    return this.transcript.getByRole('list', { name: 'Cues' }).getByRole('listitem');
  }

  chapterRows(): Locator {
    return this.draft.getByTestId('chapter-row');
  }

  chapterTime(n: number): Locator {
    return this.draft.getByRole('textbox', { name: `Time of chapter ${n}`, exact: true });
  }

  chapterTitle(n: number): Locator {
    return this.draft.getByRole('textbox', { name: `Title of chapter ${n}`, exact: true });
  }

  /** The chapters in the editor, in order, as `h:mm:ss title`. */
  async chapters(): Promise<string[]> {
    const count = await this.chapterRows().count();
    const out: string[] = [];
    for (let n = 1; n <= count; n++) {
      out.push(
        `${await this.chapterTime(n).inputValue()} ${await this.chapterTitle(n).inputValue()}`,
      );
    }
    return out;
  }
}
