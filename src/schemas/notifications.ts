import { z } from 'zod';
import {
  MESSAGE_KINDS,
  MESSAGE_PLACEHOLDERS,
  OPTIONAL_MESSAGE_KINDS,
} from '../domain/rules/types.ts';
import { pendingList } from './common.ts';

/**
 * Templates of the messages sent through Zalo (content/notifications.yaml). SMS and email
 * carry the texts of the dossier's rule set (content/rules/<id>.yaml `messages`); a ZNS
 * message can only be a template Zalo approved, so its id and which of the message's values
 * fill which parameter are content the adopter registers and approves. A kind without an
 * approved id is sent by SMS instead (docs/adr/0019-notifications.md).
 */

/** The values a template parameter may take: the `{…}` placeholders of the rule-set texts. */
export const TEMPLATE_VALUES = MESSAGE_PLACEHOLDERS;
export type TemplateValue = (typeof TEMPLATE_VALUES)[number];

const znsTemplate = z
  .strictObject({
    id: z
      .string({ error: 'phải là chuỗi chữ số, ví dụ "412345"' })
      .regex(/^\d{1,20}$/, { error: 'chỉ gồm chữ số: mã mẫu ZNS Zalo cấp khi duyệt mẫu' })
      .optional()
      .meta({
        title: 'Mã mẫu ZNS',
        description:
          'template_id Zalo cấp khi mẫu được duyệt. Để trống (và ghi vào pending) khi chưa đăng ký: tin đó gửi bằng SMS.',
      }),
    data: z
      .record(
        z.string().regex(/^[a-z0-9_]{1,40}$/, {
          error: 'tên tham số chỉ gồm chữ thường không dấu, số và _',
        }),
        z.enum(TEMPLATE_VALUES, {
          error: `chỉ nhận một trong: ${TEMPLATE_VALUES.join(', ')}`,
        }),
        { error: 'phải là danh sách "tên tham số: giá trị"' },
      )
      .meta({
        title: 'Tham số của mẫu',
        description: `Tên tham số trong mẫu đã duyệt → giá trị: ${TEMPLATE_VALUES.join(', ')}.`,
      }),
  })
  .meta({ title: 'Mẫu ZNS' });

const KINDS = [...MESSAGE_KINDS, ...OPTIONAL_MESSAGE_KINDS] as const;

export const notificationsFile = z
  .strictObject({
    zalo: z
      .strictObject({
        templates: z
          .strictObject(
            Object.fromEntries(KINDS.map((k) => [k, znsTemplate.optional()])) as Record<
              (typeof KINDS)[number],
              z.ZodOptional<typeof znsTemplate>
            >,
          )
          .meta({
            title: 'Mẫu theo loại tin',
            description: `Một mẫu cho mỗi loại tin: ${KINDS.join(', ')}.`,
          }),
      })
      .meta({ title: 'Zalo (ZNS)' }),
    pending: pendingList,
  })
  .meta({ title: 'Mẫu tin nhắn gửi người dân' });

export type NotificationTemplates = z.output<typeof notificationsFile>;
export type ZnsTemplate = z.output<typeof znsTemplate>;
