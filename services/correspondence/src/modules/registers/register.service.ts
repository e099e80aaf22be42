import { requireViewer, type MaybeViewer } from '@smss/auth';
import { forbidden, inputProblems } from '@smss/core';
import { toConnection, toPage, type Connection, type PageArgs } from '@smss/service-kit';
import { hiddenRecord } from '@smss/trust';
import { assertOrgCode, ownOrg } from '../access/organisations';
import {
  exportRegister,
  REGISTER_TITLES,
  type CorrespondenceFile,
  type FileFormat,
} from '../exports/register-export';
import { orgNames, type LetterDeps } from '../letters/letter.service';
import type { DestructionRepository } from '../retention/destruction.repository';
import { REGISTER_KINDS, type RegisterKind } from './numbering';
import type { RegisterEntry } from './register.types';

const assertYear = (year: number) => {
  if (!Number.isInteger(year) || year < 2400 || year > 2700)
    throw inputProblems([
      { field: 'year', messageEn: 'must be a B.E. year such as 2569', messageTh: 'ปีต้องเป็นปี พ.ศ. เช่น 2569' },
    ]);
};
const assertKind = (kind: string): RegisterKind => {
  if (!(REGISTER_KINDS as readonly string[]).includes(kind))
    throw inputProblems([{ field: 'kind', messageEn: 'unknown register', messageTh: 'ไม่มีทะเบียนชนิดนี้' }]);
  return kind as RegisterKind;
};

/** Reading and exporting registers; the numbers themselves are written by the letter and circulation services. */
export class RegisterService {
  constructor(
    private readonly d: LetterDeps,
    private readonly lists: DestructionRepository,
  ) {}

  async page(
    viewer: MaybeViewer,
    args: PageArgs & { orgCode?: string | null; kind: string; year: number },
  ): Promise<Connection<RegisterEntry>> {
    const page = toPage(args);
    const orgCode = args.orgCode ?? ownOrg(viewer);
    assertOrgCode(orgCode);
    assertYear(args.year);
    const { rows, total } = await this.d.registers.page(
      viewer,
      { orgCode, kind: assertKind(args.kind), year: args.year },
      page,
    );
    return toConnection(rows, page, total);
  }

  async listItems(viewer: MaybeViewer, listId: string, args: PageArgs): Promise<Connection<RegisterEntry>> {
    const page = toPage(args);
    const { rows, total } = await this.d.registers.page(viewer, { destructionListId: listId }, page);
    return toConnection(rows, page, total);
  }

  /** The rows with their details shown only where the viewer is cleared (secret letters). */
  private async exportRows(viewer: MaybeViewer, rows: RegisterEntry[]) {
    const secret = rows.filter((r) => r.secrecy !== 'NORMAL').map((r) => r.letterId);
    const cleared = await this.d.letters.clearedIds(viewer, secret);
    return rows.map((entry) => ({
      entry,
      detailsVisible: entry.secrecy === 'NORMAL' || cleared.has(entry.letterId),
    }));
  }

  async export(
    viewerOrAnon: MaybeViewer,
    input: { orgCode?: string | null; kind: string; year: number; format: FileFormat },
  ): Promise<CorrespondenceFile> {
    const viewer = requireViewer(viewerOrAnon);
    const orgCode = input.orgCode ?? ownOrg(viewer);
    assertOrgCode(orgCode);
    assertYear(input.year);
    const kind = assertKind(input.kind);
    if (!(await this.inReach(viewer, orgCode)))
      throw forbidden('This register is outside your organisation', 'ทะเบียนนี้อยู่นอกขอบเขตหน่วยงานของคุณ');
    const { rows } = await this.d.registers.page(viewer, { orgCode, kind, year: input.year }, 'all');
    const names = await orgNames(this.d, [orgCode]);
    return exportRegister(await this.exportRows(viewer, rows), {
      title: REGISTER_TITLES[kind]!,
      orgName: names.get(orgCode)!,
      year: input.year,
      fileStem: `register-${orgCode}-${kind.toLowerCase()}-${input.year}`,
      format: input.format,
      printedAt: this.d.clock(),
    });
  }

  async exportDestructionList(
    viewerOrAnon: MaybeViewer,
    input: { id: string; format: FileFormat },
  ): Promise<CorrespondenceFile> {
    const viewer = requireViewer(viewerOrAnon);
    const [list] = await this.lists.byIds([input.id]);
    if (!list || !(await this.inReach(viewer, list.orgCode))) throw hiddenRecord();
    const { rows } = await this.d.registers.page(viewer, { destructionListId: list.id }, 'all');
    const names = await orgNames(this.d, [list.orgCode]);
    return exportRegister(await this.exportRows(viewer, rows), {
      title: 'บัญชีหนังสือขอทำลาย',
      orgName: names.get(list.orgCode)!,
      year: list.year,
      fileStem: `destruction-list-${list.orgCode}-${list.year}`,
      format: input.format,
      printedAt: this.d.clock(),
    });
  }

  /** The organisation is the viewer's, or (an area office) one of its schools, or the viewer is OBEC. */
  private async inReach(viewer: MaybeViewer, orgCode: string): Promise<boolean> {
    if (!viewer.authenticated) return false;
    if (viewer.level === 'OBEC') return true;
    if (viewer.level === 'PARTNER') return false;
    if (viewer.orgCode === orgCode) return true;
    if (viewer.level !== 'AREA') return false;
    const [school] = await this.d.placements.byCodes([orgCode]);
    return school?.areaOfficeCode === viewer.orgCode;
  }
}
