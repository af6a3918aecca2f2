import type { ReactNode } from 'react';
import { Brand } from '../ui/Brand';
import { useDocumentTitle, useFocusOnMount } from '../ui/hooks';
import './exits.css';

/** A calm, centred page with one heading, a few words and at most a button or two. */
export function MessageScreen({ title, heading, children, tone = 'calm' }: { title: string; heading: string; children?: ReactNode; tone?: 'calm' | 'quiet' }) {
  useDocumentTitle(`${title} — Circle`);
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  return (
    <main className="center-page">
      <div className={`card center-card message-card message-${tone}`}>
        <Brand />
        <h1 ref={headingRef} tabIndex={-1}>
          {heading}
        </h1>
        {children}
      </div>
    </main>
  );
}
