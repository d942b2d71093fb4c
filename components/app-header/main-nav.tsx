'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

interface NavItem {
  href: string;
  label: string;
}

const NAV_ITEMS: readonly NavItem[] = [
  { href: '/map', label: 'Map' },
  { href: '/drops', label: 'Drops' },
  { href: '/policies', label: 'Policies' },
  { href: '/coverage', label: 'Coverage' },
  { href: '/flows', label: 'Flows' },
  { href: '/lab', label: 'Lab' },
  { href: '/report', label: 'Report' },
];

export function MainNav() {
  const pathname = usePathname();
  return (
    <nav className="main-nav" aria-label="Views">
      {NAV_ITEMS.map((item) => {
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <Link
            key={item.href}
            href={item.href}
            className={active ? 'main-nav-link is-active' : 'main-nav-link'}
            aria-current={active ? 'page' : undefined}
            data-testid={`nav-${item.label.toLowerCase()}`}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
