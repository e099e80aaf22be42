import { PROCUREMENT_METHOD_RULES } from '../reference/reference-data';
import { assertInspection, parseProcurement } from './procurement.rules';

const TODAY = '2026-12-01';
const base = {
  schoolId: '6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f',
  reference: 'ซ 12/2570',
  subject: 'ซื้อเครื่องคอมพิวเตอร์',
  kind: 'GOODS',
  method: 'SPECIFIC',
  specificGround: 'AMOUNT_WITHIN_LIMIT',
  budget: '500000.00',
  orderedOn: '2026-11-20',
  vendor: { kind: 'ORGANISATION', name: 'บริษัทศึกษาภัณฑ์ จำกัด', taxId: '0105536000011' },
  committeeStaffIds: ['0b7e3a2c-1d4f-4e5a-8b6c-7d8e9f0a1b2c'],
  items: [
    {
      description: 'เครื่องคอมพิวเตอร์โน้ตบุ๊ก',
      quantity: 20,
      unitPrice: '24500.00',
      assetCategoryCode: '7440-002',
      assetUsage: 'TEACHING',
    },
  ],
};
const problemsOf = (input: unknown) => {
  try {
    parseProcurement(input, TODAY, PROCUREMENT_METHOD_RULES);
    return [];
  } catch (error) {
    return (
      error as { extensions: { problems: Array<{ field: string; messageEn: string; messageTh: string }> } }
    ).extensions.problems;
  }
};

describe('procurement rules (Act B.E. 2560)', () => {
  it('computes the agreed amount exactly from the items', () => {
    expect(parseProcurement(base, TODAY, PROCUREMENT_METHOD_RULES).contractAmount).toBe('490000.00');
  });

  it('allows the specific method on ground (b) up to 500,000 baht and not a satang more', () => {
    expect(problemsOf({ ...base, budget: '500000.00' })).toEqual([]);
    expect(problemsOf({ ...base, budget: '500000.01' }).map((p) => p.field)).toEqual(['method']);
  });

  it('allows the specific method above the limit on another section 56(2) ground', () => {
    expect(problemsOf({ ...base, budget: '900000.00', specificGround: 'SOLE_SUPPLIER' })).toEqual([]);
    expect(problemsOf({ ...base, specificGround: null }).map((p) => p.field)).toEqual(['specificGround']);
  });

  it('keeps e-bidding to budgets above 500,000 baht and e-market to 5,000,000', () => {
    const open = (method: string, budget: string) =>
      problemsOf({ ...base, method, specificGround: null, budget });
    expect(open('E_BIDDING', '500000.00').map((p) => p.field)).toEqual(['method']);
    expect(open('E_BIDDING', '12000000.00')).toEqual([]);
    expect(open('E_MARKET', '5000000.00')).toEqual([]);
    expect(open('E_MARKET', '5000000.01').map((p) => p.field)).toEqual(['method']);
  });

  it('refuses items above the budget, with the figures in Thai', () => {
    const [p] = problemsOf({ ...base, budget: '400000.00' });
    expect(p).toMatchObject({
      field: 'items',
      messageTh: 'รวมรายการเป็นเงิน 490000.00 บาท เกินวงเงินงบประมาณ 400000.00 บาท',
    });
  });

  it('needs a valid 13-digit tax ID for an organisation', () => {
    expect(
      problemsOf({ ...base, vendor: { kind: 'ORGANISATION', name: 'ร้าน ก', taxId: null } }).map(
        (p) => p.field,
      ),
    ).toEqual(['vendor']);
    expect(
      problemsOf({ ...base, vendor: { kind: 'ORGANISATION', name: 'ร้าน ก', taxId: '0105536000012' } }).map(
        (p) => p.field,
      ),
    ).toEqual(['vendor.taxId']);
    expect(problemsOf({ ...base, vendor: { kind: 'PERSON', name: 'นายขาย ของดี' } })).toEqual([]);
  });

  it('takes one inspector up to 100,000 baht and a committee of three above it', () => {
    const one = ['0b7e3a2c-1d4f-4e5a-8b6c-7d8e9f0a1b2c'];
    expect(() => assertInspection('100000.00', one)).not.toThrow();
    expect(() => assertInspection('100000.01', one)).toThrow(/at least 3 inspectors/);
    expect(() => assertInspection('490000.00', [...one, 'a', 'b'])).not.toThrow();
  });
});
