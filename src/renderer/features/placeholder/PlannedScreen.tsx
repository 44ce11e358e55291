interface PlannedScreenProps {
  title: string;
  summary: string;
  next: string;
}

/** A screen whose feature is not in this version: says so plainly, and what to do meanwhile. */
export function PlannedScreen({ title, summary, next }: PlannedScreenProps) {
  return (
    <section className="screen" aria-labelledby="screen-title">
      <header className="screen-head">
        <h1 id="screen-title">{title}</h1>
      </header>
      <div className="empty-state">
        <p className="empty-title">Not in this version yet</p>
        <p>{summary}</p>
        <p className="muted">{next}</p>
      </div>
    </section>
  );
}
