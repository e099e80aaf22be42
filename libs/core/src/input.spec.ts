import { z } from 'zod';
import { inputFields, inputParser, inputProblems, parseInput } from './input';

describe('parseInput', () => {
  const schema = z.object({ name: z.string().min(1), age: z.number().int().min(0) });

  it('returns the parsed value of valid input', () => {
    expect(parseInput(schema, { name: 'สมศรี', age: 9 })).toEqual({ name: 'สมศรี', age: 9 });
  });

  it('refuses bad input with every problem, each with a Thai message', () => {
    try {
      parseInput(schema, { name: '', age: -1 }, { name: 'ต้องระบุชื่อ' });
      throw new Error('expected BAD_USER_INPUT');
    } catch (error) {
      const ext = (error as { extensions: Record<string, any> }).extensions;
      expect(ext.code).toBe('BAD_USER_INPUT');
      expect(ext.problems.map((p: { field: string }) => p.field)).toEqual(['name', 'age']);
      expect(ext.problems[0].messageTh).toBe('ต้องระบุชื่อ');
      expect(ext.problems[1].messageTh).toMatch(/[\u0E00-\u0E7F]/);
      expect(ext.messageTh).toMatch(/และอีก 1 รายการ/);
    }
  });

  it('shapes hand-found problems the same way', () => {
    const e = inputProblems([
      { field: 'dueAt', messageEn: 'must be in the future', messageTh: 'ต้องเป็นเวลาในอนาคต' },
    ]);
    expect(e.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'dueAt' }] });
  });

  it("binds a service's Thai messages once with inputParser", () => {
    const parse = inputParser({ age: 'อายุต้องไม่ติดลบ' });
    expect(parse(schema, { name: 'สมศรี', age: 9 })).toEqual({ name: 'สมศรี', age: 9 });
    let thrown: unknown;
    try {
      parse(schema, { name: 'สมศรี', age: -1 });
    } catch (error) {
      thrown = error;
    }
    expect((thrown as { extensions: { problems: unknown[] } }).extensions.problems).toEqual([
      expect.objectContaining({ field: 'age', messageTh: 'อายุต้องไม่ติดลบ' }),
    ]);
  });
});

describe('inputFields', () => {
  const { text, optionalText, uuid } = inputFields;

  it('trims text and refuses it empty or longer than its limit', () => {
    expect(text(10).parse('  โรงเรียน ')).toBe('โรงเรียน');
    expect(text(5).safeParse('   ').success).toBe(false);
    expect(text(5).safeParse('abcdef').success).toBe(false);
  });

  it('makes optional text null when it is empty, blank or absent', () => {
    expect(optionalText(10).parse('')).toBeNull();
    expect(optionalText(10).parse('  ')).toBeNull();
    expect(optionalText(10).parse(undefined)).toBeNull();
    expect(optionalText(10).parse(' หมายเหตุ ')).toBe('หมายเหตุ');
    expect(optionalText(3).safeParse('abcd').success).toBe(false);
  });

  it('accepts a UUID and refuses anything else', () => {
    expect(uuid.safeParse('0190f3b4-6c1e-7a2b-9c3d-4e5f60718293').success).toBe(true);
    expect(uuid.safeParse('not-a-uuid').success).toBe(false);
  });
});
