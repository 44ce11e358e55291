import { useEffect, useRef, useState } from 'react';
import { useLibraryStore } from '../../stores';
import { api } from '../../lib/api';
import { foldersFromDrop, type DroppedItem } from './paths';

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

/** What was dropped: each file or folder with its path (null in a browser). */
function droppedItems(data: DataTransfer): DroppedItem[] {
  const items: DroppedItem[] = [];
  for (const item of Array.from(data.items)) {
    if (item.kind !== 'file') continue;
    const file = item.getAsFile();
    if (!file) continue;
    // Only during the drop event does the entry tell a folder from a file.
    const entry = item.webkitGetAsEntry();
    items.push({ path: api.pathForFile(file), isDirectory: entry?.isDirectory ?? false });
  }
  return items;
}

/**
 * Dropping folders or recordings anywhere on the window adds them as storage folders (a file adds
 * the folder it is in). While something is dragged over the window, an overlay says so.
 */
export function DropZone() {
  const [over, setOver] = useState(false);
  const depth = useRef(0);

  useEffect(() => {
    function onEnter(event: DragEvent) {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth.current += 1;
      setOver(true);
    }
    function onOver(event: DragEvent) {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    }
    function onLeave(event: DragEvent) {
      if (!carriesFiles(event)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setOver(false);
    }
    function onDrop(event: DragEvent) {
      if (!carriesFiles(event) || !event.dataTransfer) return;
      // Never let the window navigate to the dropped file.
      event.preventDefault();
      depth.current = 0;
      setOver(false);
      const { folders, unknown } = foldersFromDrop(droppedItems(event.dataTransfer));
      void useLibraryStore.getState().addDroppedFolders(folders, unknown);
    }
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, []);

  if (!over) return null;
  return (
    <div className="tx-drop-overlay" data-testid="drop-overlay" aria-hidden="true">
      <div className="tx-drop-card">
        <p className="empty-title">Drop to add a storage folder</p>
        <p className="muted">
          A dropped folder is added as it is; a dropped recording adds the folder it is in.
        </p>
      </div>
    </div>
  );
}
