import type { IndicatorsContext } from '../context';
import type { PmqaEvidenceItemRecord } from '../modules/pmqa/pmqa.rules';

export const PmqaEvidenceItem = {
  file: (e: PmqaEvidenceItemRecord, _: unknown, ctx: IndicatorsContext) =>
    e.fileId ? ctx.loaders.evidence.load(e.fileId) : null,
};
