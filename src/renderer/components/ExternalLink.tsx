import type { ReactNode } from 'react';

/**
 * A link that opens outside the app (a VOD on the station's site), without handing the page it
 * opens a handle on this one. `href` must have passed `safeHttpUrl`.
 */
export function ExternalLink({
  href,
  testId,
  children,
}: {
  href: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer"
      className="ext-link"
      data-testid={testId}
    >
      {children}
    </a>
  );
}
