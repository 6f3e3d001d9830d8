import type { ReactNode } from 'react';

/** The title of a page, a line saying what it shows, and what can be done from it. */
export function PageHeader({ title, subtitle, children }: { title: ReactNode; subtitle: ReactNode; children?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        <p className="page-subtitle">{subtitle}</p>
      </div>
      {children}
    </header>
  );
}
