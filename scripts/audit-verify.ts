// `npm run audit:verify`: checks the audit hash chain of DATABASE_URL. Exit 0 when every row
// holds, 1 with the first broken row otherwise.
import { db } from '@/lib/db/client';
import { verifyAuditChain } from '@/lib/db/verify-audit-chain';

const report = await verifyAuditChain();
await db.$disconnect();
if (report.break) {
  console.error(`audit:verify: chain broken at event #${report.break.seq}: ${report.break.reason} (${report.rows} rows before it verified)`);
  process.exit(1);
}
console.log(`audit:verify: ${report.rows} events, chain intact`);
