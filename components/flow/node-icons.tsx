import type { NodeType } from './graph-types';

/** Small stroke icons drawn inline (no icon font, nothing fetched). */
const paths: Record<NodeType, React.ReactNode> = {
  start: <path d="M8 5.5v13l10-6.5-10-6.5Z" />,
  end: <rect x="6.5" y="6.5" width="11" height="11" rx="1.5" />,
  script: (
    <>
      <path d="m8 9-3 3 3 3" />
      <path d="m16 9 3 3-3 3" />
      <path d="m13.5 6-3 12" />
    </>
  ),
  condition: (
    <>
      <path d="M12 3.5 20.5 12 12 20.5 3.5 12 12 3.5Z" />
      <path d="M12 9.5v3" />
      <path d="M12 15h.01" />
    </>
  ),
  parallel: (
    <>
      <path d="M4 12h5" />
      <path d="M9 12 15 6h5" />
      <path d="M9 12h11" />
      <path d="m9 12 6 6h5" />
    </>
  ),
  join: (
    <>
      <path d="M4 6h5l6 6" />
      <path d="M4 12h16" />
      <path d="M4 18h5l6-6" />
    </>
  ),
  delay: (
    <>
      <circle cx="12" cy="12" r="8.5" />
      <path d="M12 7.5V12l3 2" />
    </>
  ),
};

export function NodeIcon({ type, className = 'h-4 w-4' }: { type: NodeType; className?: string }) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden
      className={className}
    >
      {paths[type]}
    </svg>
  );
}
