import { useRef } from 'react';
import { useSettingsStore } from '../../stores';

/** Hands the browser a file to save (the desktop app shows its save dialog for it). */
function download(fileName: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Settings › Export and Import: every setting and schedule in one file without passwords, to copy
 * a station's set-up to another machine or keep it. An import is checked whole first.
 */
export function SettingsFileBar() {
  const transfer = useSettingsStore((s) => s.transfer);
  const exportFile = useSettingsStore((s) => s.exportFile);
  const importFile = useSettingsStore((s) => s.importFile);
  const picker = useRef<HTMLInputElement>(null);

  return (
    <div className="settings-file" aria-label="Settings file">
      <div className="row">
        <button
          type="button"
          className="btn"
          disabled={transfer.busy}
          onClick={() =>
            void exportFile().then((file) => file && download(file.fileName, file.content))
          }
        >
          Export settings
        </button>
        <button
          type="button"
          className="btn"
          disabled={transfer.busy}
          onClick={() => picker.current?.click()}
        >
          Import settings…
        </button>
        <input
          ref={picker}
          type="file"
          accept="application/json,.json"
          hidden
          aria-label="Settings file to import"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void file.text().then((text) => importFile(text, file.name));
          }}
        />
      </div>
      {transfer.message ? (
        <p className="muted" role="status">
          {transfer.message}
        </p>
      ) : null}
      {transfer.error ? (
        <div className="alert alert-error" role="alert">
          <strong>
            {transfer.action === 'import' ? 'Nothing was imported.' : 'The export failed.'}
          </strong>{' '}
          {transfer.error.message}
        </div>
      ) : null}
    </div>
  );
}
