import 'server-only';
import { deliverMail } from '@/lib/services/deliver-mail';
import type { JobHandler } from '../job-handler';

export const deliverMailJob: JobHandler<'mail.deliver'> = {
  async run({ messageId }) {
    await deliverMail(messageId);
  },
};
