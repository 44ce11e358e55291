import { useNoticesStore } from '../../stores';
import { ExternalLink } from '../../components/ExternalLink';
import { safeHttpUrl } from '../../lib/safe-url';

/**
 * The publish queue's news as a small stack of notices in a corner: a VOD went live, a publish
 * failed. Each stays until dismissed (an operator may be across the room), and is read out by
 * screen readers as it arrives.
 */
export function Notices() {
  const notices = useNoticesStore((s) => s.notices);
  const store = useNoticesStore.getState();
  return (
    <section className="notices" aria-label="Notices" aria-live="polite" data-testid="notices">
      {notices.length > 1 ? (
        // A batch leaves a notice per recording: one click clears the corner of the screen.
        <button type="button" className="notices-clear" onClick={() => store.dismissAll()}>
          Dismiss all {notices.length} notices
        </button>
      ) : null}
      {notices.map((notice) => {
        const link = safeHttpUrl(notice.vodUrl);
        return (
          <div
            key={notice.key}
            className={`notice notice-${notice.tone}`}
            role={notice.tone === 'bad' ? 'alert' : 'status'}
            data-testid="notice"
          >
            <p className="notice-text">{notice.text}</p>
            <div className="notice-actions">
              <button
                type="button"
                className="link"
                onClick={() => {
                  useNoticesStore.open(notice.jobId);
                  store.dismiss(notice.key);
                }}
              >
                Open the job
              </button>
              {link ? <ExternalLink href={link}>Watch the VOD</ExternalLink> : null}
            </div>
            <button
              type="button"
              className="notice-close"
              aria-label={`Dismiss: ${notice.text}`}
              onClick={() => store.dismiss(notice.key)}
            >
              ×
            </button>
          </div>
        );
      })}
    </section>
  );
}
