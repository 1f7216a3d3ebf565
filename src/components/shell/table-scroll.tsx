import type { ReactNode } from "react";

// A wide table's own horizontal scroll box, so at 390 px the table scrolls and the page does not. The box takes
// focus (a keyboard user scrolls it with the arrow keys, WCAG 2.1.1) and its name makes it a landmark region.
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll box must take focus so a keyboard user can scroll it; the region's name says what it holds
    <section aria-label={label} tabIndex={0} className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      {children}
    </section>
  );
}
