import { decodeBase64, evidenceKind } from './evidence.rules';

describe('evidence files', () => {
  it('accepts a file whose content matches its extension', () => {
    expect(evidenceKind('รายงาน.PDF', Buffer.from('%PDF-1.7\n'))).toEqual({ fileName: 'รายงาน.PDF', contentType: 'application/pdf' });
    expect(evidenceKind('a.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toMatchObject({ contentType: 'image/png' });
    expect(evidenceKind('สรุป.csv', Buffer.from('ก,ข\r\n1,2\r\n'))).toMatchObject({ contentType: 'text/csv; charset=utf-8' });
  });

  it.each([
    ['an executable renamed to .pdf', 'x.pdf', Buffer.from('MZ\x90\x00')],
    ['an unknown extension', 'x.exe', Buffer.from('MZ')],
    ['a path in the name', '../x.txt', Buffer.from('a')],
    ['binary text', 'x.txt', Buffer.from([0x61, 0x00, 0x62])],
    ['invalid UTF-8', 'x.csv', Buffer.from([0xff, 0xfe, 0x41])],
    ['an empty file', 'x.txt', Buffer.alloc(0)],
  ])('refuses %s with a Thai message', (_what, name, content) => {
    try {
      evidenceKind(name, content);
      throw new Error('expected BAD_USER_INPUT');
    } catch (error) {
      const ext = (error as { extensions: { code: string; messageTh: string } }).extensions;
      expect(ext.code).toBe('BAD_USER_INPUT');
      expect(ext.messageTh).toMatch(/[\u0E00-\u0E7F]/);
    }
  });

  it('refuses text that is not base64 instead of storing garbage', () => {
    expect(decodeBase64('aGVsbG8=').toString()).toBe('hello');
    expect(() => decodeBase64('not base64!')).toThrow(/base64/);
  });
});
