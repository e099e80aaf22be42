import type { CorrespondenceContext } from '../context';
import { inputProblems } from '@smss/core';
import type { FileFormat } from '../modules/exports/register-export';

type Ctx = CorrespondenceContext;
type Input<T = unknown> = { input: T };

export const Mutation = {
  configureCorrespondenceUnit: (_: unknown, { input }: Input, ctx: Ctx) =>
    ctx.services.units.configure(ctx.viewer, input),
  designateSecretRegistrar: (_: unknown, { input }: Input, ctx: Ctx) =>
    ctx.services.units.designate(ctx.viewer, input),
  revokeSecretRegistrar: (_: unknown, { input }: Input, ctx: Ctx) =>
    ctx.services.units.revoke(ctx.viewer, input),
  uploadAttachment: (
    _: unknown,
    { input }: Input<{ orgCode?: string | null; fileName: string; contentBase64: string }>,
    ctx: Ctx,
  ) => {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(input.contentBase64))
      throw inputProblems([
        { field: 'contentBase64', messageEn: 'not base64', messageTh: 'เนื้อไฟล์ต้องเข้ารหัสแบบ base64' },
      ]);
    return ctx.services.attachments.upload(ctx.viewer, {
      ...input,
      content: Buffer.from(input.contentBase64, 'base64'),
    });
  },
  sendLetter: (_: unknown, { input }: Input, ctx: Ctx) =>
    ctx.services.letters.send(ctx.viewer, input, ctx.requestId),
  receiveLetter: (_: unknown, { input }: Input, ctx: Ctx) =>
    ctx.services.circulation.receive(ctx.viewer, input),
  acknowledgeLetter: (_: unknown, { input }: Input, ctx: Ctx) =>
    ctx.services.circulation.acknowledge(ctx.viewer, input, ctx.requestId),
  forwardLetter: (_: unknown, { input }: Input, ctx: Ctx) =>
    ctx.services.circulation.forward(ctx.viewer, input, ctx.requestId),
  endorseLetter: (_: unknown, { input }: Input, ctx: Ctx) =>
    ctx.services.circulation.endorse(ctx.viewer, input),
  prepareDestructionList: (_: unknown, { input }: Input, ctx: Ctx) =>
    ctx.services.retention.prepare(ctx.viewer, input),
  approveDestructionList: (_: unknown, { input }: Input, ctx: Ctx) =>
    ctx.services.retention.approve(ctx.viewer, input),
  exportCorrespondenceRegister: (
    _: unknown,
    { input }: Input<{ orgCode?: string | null; kind: string; year: number; format: FileFormat }>,
    ctx: Ctx,
  ) => ctx.services.registers.export(ctx.viewer, input),
  exportDestructionList: (_: unknown, { input }: Input<{ id: string; format: FileFormat }>, ctx: Ctx) =>
    ctx.services.registers.exportDestructionList(ctx.viewer, input),
  setNotificationPreferences: (_: unknown, { input }: Input, ctx: Ctx) =>
    ctx.services.preferences.set(ctx.viewer, input),
};
