import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type SettingsView } from '../../../shared/settings';

/** The part of the settings store the forms read, set by each test. */
const state = vi.hoisted(() => {
  const current: Record<string, unknown> = {};
  return { current };
});
vi.mock('../../stores', () => ({
  useSettingsStore: (selector: (s: Record<string, unknown>) => unknown) => selector(state.current),
}));

const { ConnectionForm } = await import('./ConnectionForm');
const { PublishingForm } = await import('./PublishingForm');

const VIEW: SettingsView = {
  settings: DEFAULT_SETTINGS,
  fromEnvironment: {
    'cablecast.timeoutMs': 'CABLECAST_TIMEOUT',
    'publishing.concurrency': 'VOD_BATCH_SIZE',
  },
  sources: {
    'cablecast.timeoutMs': 'environment',
    'publishing.concurrency': 'environment',
    'publishing.uploadChunkMb': 'saved',
    'publishing.uploadTimeoutMs': 'default',
  },
  passwordSet: false,
  passwordFromEnvironment: false,
  warnings: [],
};

function render(form: typeof ConnectionForm | typeof PublishingForm): HTMLDocumentish {
  return new HTMLDocumentish(renderToStaticMarkup(createElement(form, { view: VIEW })));
}

/** Just enough of the markup to ask what an operator would see. */
class HTMLDocumentish {
  constructor(readonly html: string) {}
  /** The markup of the `.field` that holds the input `id`. */
  field(id: string): string {
    const at = this.html.indexOf(`id="${id}"`);
    expect(at, id).toBeGreaterThan(-1);
    const start = this.html.lastIndexOf('<div class="field">', at);
    const end = this.html.indexOf('<div class="field"', at);
    return this.html.slice(start, end === -1 ? undefined : end);
  }
  alert(): string | null {
    return /<div class="alert alert-error" role="alert">(.*?)<\/div>/.exec(this.html)?.[1] ?? null;
  }
}

beforeEach(() => {
  state.current = {
    saving: false,
    saveError: null,
    savedAt: null,
    applied: [],
    saveSection: null,
    save: () => Promise.resolve(true),
    useDemo: () => Promise.resolve(),
    clearPassword: () => Promise.resolve(),
    fileStores: [],
  };
});

describe('the Publishing form', () => {
  it('shows each field with the value in effect and where the environment supplied it', () => {
    const page = render(PublishingForm);
    expect(page.field('p-concurrency')).toContain('value="2"');
    expect(page.field('p-concurrency')).toContain('default from VOD_BATCH_SIZE');
    expect(page.field('p-uploadTimeoutSeconds')).toContain('value="120"');
    expect(page.field('p-uploadTimeoutSeconds')).not.toContain('default from');
    // Where each value comes from: the environment, saved here, or built in.
    expect(page.field('p-uploadTimeoutSeconds')).toContain('built-in default');
    expect(page.field('p-uploadChunkMb')).toContain('>saved<');
    expect(page.field('p-concurrency')).not.toContain('built-in default');
    expect(page.html).toMatch(/<input id="p-captions" type="checkbox"[^>]*checked=""/);
    expect(page.html).toContain('Save publishing settings');
  });

  it('offers the synced file stores for uploads, the first one by default', () => {
    const empty = render(PublishingForm).field('p-destinationStoreId');
    expect(empty).toContain('The first synced store (store 1 until a sync finds the stores)');
    expect(empty).toContain('once a sync has read them');
    state.current = {
      ...state.current,
      fileStores: [
        { id: 1, name: 'Primary Content' },
        { id: 2, name: 'Archive' },
      ],
    };
    const field = render(PublishingForm).field('p-destinationStoreId');
    expect(field).toContain('<select id="p-destinationStoreId" name="destinationStoreId">');
    expect(field).toContain(
      '<option value="" selected="">The first synced store (Primary Content)</option>',
    );
    expect(field).toContain('<option value="2">Archive (2)</option>');
  });

  it("shows the core's refusal at its field, and the connection form does not", () => {
    state.current = {
      ...state.current,
      saveSection: 'publishing',
      saveError: {
        message: 'The number of publishes at once must be a whole number from 1 to 8.',
        path: 'publishing.concurrency',
      },
    };
    const page = render(PublishingForm);
    expect(page.alert()).toBe(
      '<strong>Publishes at once: </strong>The number of publishes at once must be a whole number from 1 to 8.',
    );
    expect(page.field('p-concurrency')).toContain('aria-invalid="true"');
    expect(page.field('p-defaultQuality')).not.toContain('aria-invalid');
    // The reason also stands beside the field itself, and beside that field only.
    expect(page.html).toMatch(
      /id="p-concurrency"[^>]*\/><span class="field-error">The number of publishes at once must be a whole number from 1 to 8\.<\/span>/,
    );
    expect(page.html.match(/class="field-error"/g)).toHaveLength(1);
    expect(render(ConnectionForm).alert()).toBeNull();
  });

  it('says "Saved." only for its own save', () => {
    state.current = { ...state.current, savedAt: 1, saveSection: 'cablecast' };
    expect(render(PublishingForm).html).not.toContain('Saved.');
    expect(render(ConnectionForm).html).toContain('Saved.');
    state.current = { ...state.current, saveSection: 'publishing' };
    expect(render(PublishingForm).html).toContain('Saved.');
    expect(render(ConnectionForm).html).not.toContain('Saved.');
  });
});

describe('the Cablecast connection form', () => {
  it('keeps showing its own refusals and environment hints', () => {
    state.current = {
      ...state.current,
      saveSection: 'cablecast',
      saveError: {
        message: 'The request timeout must be between 0.5 s and 300 s.',
        path: 'cablecast.timeoutMs',
      },
    };
    const page = render(ConnectionForm);
    expect(page.field('f-timeoutSeconds')).toContain('default from CABLECAST_TIMEOUT');
    expect(page.field('f-timeoutSeconds')).toContain('aria-invalid="true"');
    expect(page.alert()).toContain('<strong>Request timeout: </strong>');
    expect(render(PublishingForm).alert()).toBeNull();
  });
});
