import { formatThaiDate } from '@smss/thai';
import type { PendingNotification } from './notification.repository';

const URGENCY_TH: Record<string, string> = { URGENT: 'ด่วน', VERY_URGENT: 'ด่วนมาก', MOST_URGENT: 'ด่วนที่สุด' };
const SECRECY_TH: Record<string, string> = { CONFIDENTIAL: 'ลับ', SECRET: 'ลับมาก', TOP_SECRET: 'ลับที่สุด' };

/**
 * The text of a notification, Thai first. A secret letter's subject never leaves the service: the message
 * says only that a letter of that level arrived and who to ask (the secret-document registrar).
 */
export function messageOf(n: PendingNotification): { title: string; text: string } {
  const urgency = URGENCY_TH[n.urgency] ? `[${URGENCY_TH[n.urgency]}] ` : '';
  const secret = SECRECY_TH[n.secrecy];
  const what = secret ? `หนังสือชั้นความลับ "${secret}"` : `เรื่อง ${n.subject}`;
  const number = n.documentNumber ? ` ที่ ${n.documentNumber}` : '';
  const due = n.dueAt
    ? ` กำหนดตอบรับทราบ ${formatThaiDate(n.dueAt)} เวลา ${n.dueAt.toLocaleTimeString('th-TH', { timeZone: 'Asia/Bangkok', hour: '2-digit', minute: '2-digit' })} น.`
    : '';
  const lead =
    n.kind === 'DISPATCHED'
      ? 'มีหนังสือราชการเวียนถึงหน่วยงาน'
      : n.kind === 'DUE_REMINDER'
        ? 'ใกล้ครบกำหนดตอบรับทราบหนังสือ'
        : 'ใกล้ถึงกำหนดเวลาของหนังสือด่วน';
  const title = `${urgency}${lead}${secret ? ` (${secret})` : `: ${n.subject}`}`.slice(0, 200);
  const text = [
    `${lead} ${n.recipientOrg} จาก ${n.senderOrg}${number}`,
    what,
    due.trim(),
    secret ? 'โปรดติดต่อนายทะเบียนเอกสารลับของหน่วยงาน' : 'โปรดลงรับและตอบรับทราบในระบบ SMSS',
    '(A letter for your organisation in SMSS correspondence.)',
  ]
    .filter(Boolean)
    .join('\n');
  return { title, text };
}
