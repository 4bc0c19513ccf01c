import 'server-only';
import { z } from 'zod';
import { deliverMail } from '@/lib/mail/deliver-mail';
import type { JobHandler } from './index';

const payload = z.object({ messageId: z.uuid() });

export const deliverMailJob: JobHandler = {
  async run(raw) {
    await deliverMail(payload.parse(raw).messageId);
  },
};
