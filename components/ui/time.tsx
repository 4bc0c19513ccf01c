// Times are shown in UTC everywhere, so a requester and an approver quoting a time over chat
// quote the same one.

export function utc(at: Date, withSeconds = false): string {
  return `${at.toISOString().slice(0, withSeconds ? 19 : 16).replace('T', ' ')} UTC`;
}

export function Time({ at, withSeconds }: { at: Date; withSeconds?: boolean }) {
  return <time dateTime={at.toISOString()}>{utc(at, withSeconds)}</time>;
}

/** "4 min", "3 h", "2 days": how long something has waited, rounded down. */
export function age(since: Date, now = new Date()): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}
