import Link from 'next/link';

/** `path?…params&page=n`; page 1 is left out so the first page has one address. */
export function reportHref(path: string, params: Record<string, string>, page = 1): string {
  const q = new URLSearchParams(params);
  if (page > 1) q.set('page', String(page));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

type PagerProps = { path: string; params: Record<string, string>; page: number; pageCount: number; total: number; pageSize: number; noun: string };

/** "51–100 of 1,234 rows", with Newer and Older links that keep the filter. */
export function Pager({ path, params, page, pageCount, total, pageSize, noun }: PagerProps) {
  const first = total === 0 ? 0 : Math.min(total, (page - 1) * pageSize + 1);
  const last = Math.min(total, page * pageSize);
  const link = 'rounded-md px-3 py-1.5 font-medium text-brand-700 ring-1 ring-slate-200 hover:bg-brand-50';
  return (
    <nav aria-label="Pages" className="mt-3 flex items-center justify-between gap-4 text-sm text-slate-600">
      <p data-testid="pager-summary">
        {first > 0 ? `${first.toLocaleString('en')}–${last.toLocaleString('en')} of ` : 'None of '}
        {total.toLocaleString('en')} {noun} · page {page} of {pageCount}
      </p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link className={link} href={reportHref(path, params, Math.min(page - 1, pageCount))} rel="prev">
            Newer
          </Link>
        ) : null}
        {page < pageCount ? (
          <Link className={link} href={reportHref(path, params, page + 1)} rel="next">
            Older
          </Link>
        ) : null}
      </div>
    </nav>
  );
}
