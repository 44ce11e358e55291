import type { RouteResult } from './routes';
import type { SimulatorData } from './simulator.data';

/**
 * The two non-API URLs every seeded show points at: `/cablecastapi/dynamicthumbnails/{asset}`
 * (show.thumbnailImage.url) and `/cablecastapi/embed?show_id=` (vod.embedCode). Serving stand-ins
 * keeps the demo's show list and detail pane free of broken images and frames. Video itself is
 * not simulated.
 */
export function servePublicAsset(
  data: SimulatorData,
  lowerPath: string,
  query: URLSearchParams,
): RouteResult | null {
  const thumbnail = /^\/cablecastapi\/dynamicthumbnails\/(\d+)$/.exec(lowerPath);
  if (thumbnail)
    return {
      status: 200,
      text: {
        contentType: 'image/svg+xml',
        body: thumbnailSvg(Number(thumbnail[1]), query.get('d')),
      },
    };
  if (lowerPath === '/cablecastapi/embed') {
    const show = data.getShow(Number(query.get('show_id')));
    if (!show)
      return {
        status: 404,
        text: {
          contentType: 'text/html; charset=utf-8',
          body: '<!DOCTYPE html><p>Show not found.</p>',
        },
      };
    return {
      status: 200,
      text: {
        contentType: 'text/html; charset=utf-8',
        body: embedPage(show.cgTitle ?? show.title),
      },
    };
  }
  return null;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function thumbnailSvg(assetId: number, size: string | null): string {
  const match = /^(\d{1,4})x(\d{1,4})$/.exec(size ?? '');
  const width = match ? Number(match[1]) : 640;
  const height = match ? Number(match[2]) : 360;
  const hue = (assetId * 47) % 360;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 640 360">` +
    `<rect width="640" height="360" fill="hsl(${hue},35%,28%)"/>` +
    `<text x="320" y="190" font-family="sans-serif" font-size="28" fill="#fff" text-anchor="middle">` +
    `Thumbnail ${assetId}</text></svg>`
  );
}

function embedPage(title: string): string {
  return (
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
    `<body style="margin:0;background:#111;color:#eee;font-family:sans-serif;display:grid;place-items:center;height:100vh">` +
    `<p>${escapeHtml(title)}<br><small>Playback is not simulated.</small></p></body></html>`
  );
}
