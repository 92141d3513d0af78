/**
 * The app's icons: small inline SVGs (stroke icons on a 24 grid), so no icon
 * font or library weighs on the first load. Decorative by default.
 */
import type { SVGProps } from 'react';

type IconProps = SVGProps<SVGSVGElement> & { title?: string };

function make(paths: React.ReactNode, displayName: string) {
  function Icon({ title, className = 'h-4 w-4', ...rest }: IconProps) {
    return (
      <svg
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={1.8}
        strokeLinecap="round"
        strokeLinejoin="round"
        className={className}
        aria-hidden={title ? undefined : true}
        role={title ? 'img' : undefined}
        focusable="false"
        {...rest}
      >
        {title && <title>{title}</title>}
        {paths}
      </svg>
    );
  }
  Icon.displayName = displayName;
  return Icon;
}

export const PlusIcon = make(<path d="M12 5v14M5 12h14" />, 'PlusIcon');
export const SearchIcon = make(
  <>
    <circle cx="11" cy="11" r="7" />
    <path d="m20 20-3.5-3.5" />
  </>,
  'SearchIcon',
);
export const SendIcon = make(<path d="M5 12h13M13 6l6 6-6 6" />, 'SendIcon');
export const StopIcon = make(<rect x="6" y="6" width="12" height="12" rx="2" />, 'StopIcon');
export const CopyIcon = make(
  <>
    <rect x="9" y="9" width="11" height="11" rx="2" />
    <path d="M5 15V6a2 2 0 0 1 2-2h9" />
  </>,
  'CopyIcon',
);
export const CheckIcon = make(<path d="m5 12 5 5 9-10" />, 'CheckIcon');
export const RefreshIcon = make(
  <>
    <path d="M20 11a8 8 0 1 0-2.3 5.7" />
    <path d="M20 4v7h-7" />
  </>,
  'RefreshIcon',
);
export const EditIcon = make(
  <>
    <path d="M4 20h4L19 9l-4-4L4 16z" />
    <path d="m13.5 6.5 4 4" />
  </>,
  'EditIcon',
);
export const TrashIcon = make(
  <>
    <path d="M4 7h16M10 11v6M14 11v6" />
    <path d="M6 7l1 13h10l1-13M9 7V4h6v3" />
  </>,
  'TrashIcon',
);
export const PinIcon = make(
  <>
    <path d="M9 4h6l-1 6 4 3v2H6v-2l4-3z" />
    <path d="M12 15v5" />
  </>,
  'PinIcon',
);
export const ChevronLeftIcon = make(<path d="m15 6-6 6 6 6" />, 'ChevronLeftIcon');
export const ChevronRightIcon = make(<path d="m9 6 6 6-6 6" />, 'ChevronRightIcon');
export const ChevronDownIcon = make(<path d="m6 9 6 6 6-6" />, 'ChevronDownIcon');
export const MenuIcon = make(<path d="M4 7h16M4 12h16M4 17h16" />, 'MenuIcon');
export const CloseIcon = make(<path d="M6 6l12 12M18 6 6 18" />, 'CloseIcon');
export const MoreIcon = make(
  <>
    <circle cx="5" cy="12" r="1.2" />
    <circle cx="12" cy="12" r="1.2" />
    <circle cx="19" cy="12" r="1.2" />
  </>,
  'MoreIcon',
);
export const CpuIcon = make(
  <>
    <rect x="7" y="7" width="10" height="10" rx="1.5" />
    <path d="M10 3v3M14 3v3M10 18v3M14 18v3M3 10h3M3 14h3M18 10h3M18 14h3" />
  </>,
  'CpuIcon',
);
export const SettingsIcon = make(
  <>
    <circle cx="12" cy="12" r="3" />
    <path d="M19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z" />
  </>,
  'SettingsIcon',
);
export const ChatIcon = make(<path d="M5 18l-1 3 4-2h9a3 3 0 0 0 3-3V7a3 3 0 0 0-3-3H7a3 3 0 0 0-3 3v9" />, 'ChatIcon');
export const AlertIcon = make(
  <>
    <path d="M12 3 2 20h20z" />
    <path d="M12 10v4M12 17h.01" />
  </>,
  'AlertIcon',
);
export const DownloadIcon = make(
  <>
    <path d="M12 4v11M7 10l5 5 5-5" />
    <path d="M5 20h14" />
  </>,
  'DownloadIcon',
);
export const PlayIcon = make(<path d="M8 5v14l11-7z" />, 'PlayIcon');
export const StarIcon = make(
  <path d="m12 3 2.8 5.7 6.2.9-4.5 4.4 1 6.2L12 17.3 6.5 20.2l1-6.2L3 9.6l6.2-.9z" />,
  'StarIcon',
);
export const BrainIcon = make(
  <>
    <path d="M9 4a3 3 0 0 0-3 3 3 3 0 0 0-2 5 3 3 0 0 0 2 5 3 3 0 0 0 6 1V5a3 3 0 0 0-3-1z" />
    <path d="M15 4a3 3 0 0 1 3 3 3 3 0 0 1 2 5 3 3 0 0 1-2 5 3 3 0 0 1-6 1" />
  </>,
  'BrainIcon',
);
export const InfoIcon = make(
  <>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 11v5M12 8h.01" />
  </>,
  'InfoIcon',
);
export const KeyboardIcon = make(
  <>
    <rect x="3" y="6" width="18" height="12" rx="2" />
    <path d="M7 10h.01M11 10h.01M15 10h.01M7 14h10" />
  </>,
  'KeyboardIcon',
);
export const ChartIcon = make(
  <>
    <path d="M4 20V10M10 20V4M16 20v-7M22 20H2" />
  </>,
  'ChartIcon',
);
export const FolderIcon = make(
  <path d="M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z" />,
  'FolderIcon',
);
export const UploadIcon = make(
  <>
    <path d="M12 16V5M7 10l5-5 5 5" />
    <path d="M5 20h14" />
  </>,
  'UploadIcon',
);
export const FileIcon = make(
  <>
    <path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z" />
    <path d="M14 3v5h5" />
  </>,
  'FileIcon',
);
/** A brain struck through: "Don't learn from this". */
export const NoLearnIcon = make(
  <>
    <path d="M9 4a3 3 0 0 0-3 3 3 3 0 0 0-2 5 3 3 0 0 0 2 5 3 3 0 0 0 6 1V5a3 3 0 0 0-3-1z" />
    <path d="M15 4a3 3 0 0 1 3 3 3 3 0 0 1 2 5 3 3 0 0 1-2 5 3 3 0 0 1-6 1" />
    <path d="M3 3l18 18" />
  </>,
  'NoLearnIcon',
);
/** A clock with a dashed rim: a temporary chat, never stored. */
export const TemporaryIcon = make(
  <>
    <path d="M12 3a9 9 0 1 1-6.4 2.6" strokeDasharray="3 3" />
    <path d="M12 7v5l3 2" />
  </>,
  'TemporaryIcon',
);
/** Stacked blocks: the Build page, where a request becomes a plan and files. */
export const BuildIcon = make(
  <>
    <rect x="3" y="13" width="8" height="8" rx="1" />
    <rect x="13" y="13" width="8" height="8" rx="1" />
    <rect x="8" y="3" width="8" height="8" rx="1" />
  </>,
  'BuildIcon',
);
export const ArrowUpIcon = make(<path d="M12 19V5M6 11l6-6 6 6" />, 'ArrowUpIcon');
export const ArrowDownIcon = make(<path d="M12 5v14M6 13l6 6 6-6" />, 'ArrowDownIcon');
export const PauseIcon = make(<path d="M8 5v14M16 5v14" />, 'PauseIcon');
export const SkipIcon = make(<path d="M6 5l9 7-9 7zM18 5v14" />, 'SkipIcon');
