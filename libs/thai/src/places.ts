/**
 * Public reference facts about Thai places, one copy for the platform: the six geographic regions of
 * the National Geographical Committee (1977) system (codes are the platform's mnemonics N, NE, C, E, W,
 * S), the 77 provinces with their official two-digit codes (Ministry of Interior), and the districts
 * (amphoe) of the sandbox province Lopburi with their DOPA codes. The schools demo generator, the war
 * room and the data dictionary read them from here.
 */

export const REGIONS = [
  { code: 'N', nameTh: 'ภาคเหนือ', nameEn: 'Northern' },
  { code: 'NE', nameTh: 'ภาคตะวันออกเฉียงเหนือ', nameEn: 'Northeastern' },
  { code: 'C', nameTh: 'ภาคกลาง', nameEn: 'Central' },
  { code: 'E', nameTh: 'ภาคตะวันออก', nameEn: 'Eastern' },
  { code: 'W', nameTh: 'ภาคตะวันตก', nameEn: 'Western' },
  { code: 'S', nameTh: 'ภาคใต้', nameEn: 'Southern' },
] as const;

export type RegionCode = (typeof REGIONS)[number]['code'];

export interface ProvinceName {
  code: string;
  nameTh: string;
  nameEn: string;
  regionCode: RegionCode;
}

// prettier-ignore
export const PROVINCES: readonly ProvinceName[] = [
  { code: '10', nameTh: 'กรุงเทพมหานคร', nameEn: 'Bangkok', regionCode: 'C' },
  { code: '11', nameTh: 'สมุทรปราการ', nameEn: 'Samut Prakan', regionCode: 'C' },
  { code: '12', nameTh: 'นนทบุรี', nameEn: 'Nonthaburi', regionCode: 'C' },
  { code: '13', nameTh: 'ปทุมธานี', nameEn: 'Pathum Thani', regionCode: 'C' },
  { code: '14', nameTh: 'พระนครศรีอยุธยา', nameEn: 'Phra Nakhon Si Ayutthaya', regionCode: 'C' },
  { code: '15', nameTh: 'อ่างทอง', nameEn: 'Ang Thong', regionCode: 'C' },
  { code: '16', nameTh: 'ลพบุรี', nameEn: 'Lopburi', regionCode: 'C' },
  { code: '17', nameTh: 'สิงห์บุรี', nameEn: 'Sing Buri', regionCode: 'C' },
  { code: '18', nameTh: 'ชัยนาท', nameEn: 'Chai Nat', regionCode: 'C' },
  { code: '19', nameTh: 'สระบุรี', nameEn: 'Saraburi', regionCode: 'C' },
  { code: '20', nameTh: 'ชลบุรี', nameEn: 'Chon Buri', regionCode: 'E' },
  { code: '21', nameTh: 'ระยอง', nameEn: 'Rayong', regionCode: 'E' },
  { code: '22', nameTh: 'จันทบุรี', nameEn: 'Chanthaburi', regionCode: 'E' },
  { code: '23', nameTh: 'ตราด', nameEn: 'Trat', regionCode: 'E' },
  { code: '24', nameTh: 'ฉะเชิงเทรา', nameEn: 'Chachoengsao', regionCode: 'E' },
  { code: '25', nameTh: 'ปราจีนบุรี', nameEn: 'Prachin Buri', regionCode: 'E' },
  { code: '26', nameTh: 'นครนายก', nameEn: 'Nakhon Nayok', regionCode: 'C' },
  { code: '27', nameTh: 'สระแก้ว', nameEn: 'Sa Kaeo', regionCode: 'E' },
  { code: '30', nameTh: 'นครราชสีมา', nameEn: 'Nakhon Ratchasima', regionCode: 'NE' },
  { code: '31', nameTh: 'บุรีรัมย์', nameEn: 'Buri Ram', regionCode: 'NE' },
  { code: '32', nameTh: 'สุรินทร์', nameEn: 'Surin', regionCode: 'NE' },
  { code: '33', nameTh: 'ศรีสะเกษ', nameEn: 'Si Sa Ket', regionCode: 'NE' },
  { code: '34', nameTh: 'อุบลราชธานี', nameEn: 'Ubon Ratchathani', regionCode: 'NE' },
  { code: '35', nameTh: 'ยโสธร', nameEn: 'Yasothon', regionCode: 'NE' },
  { code: '36', nameTh: 'ชัยภูมิ', nameEn: 'Chaiyaphum', regionCode: 'NE' },
  { code: '37', nameTh: 'อำนาจเจริญ', nameEn: 'Amnat Charoen', regionCode: 'NE' },
  { code: '38', nameTh: 'บึงกาฬ', nameEn: 'Bueng Kan', regionCode: 'NE' },
  { code: '39', nameTh: 'หนองบัวลำภู', nameEn: 'Nong Bua Lam Phu', regionCode: 'NE' },
  { code: '40', nameTh: 'ขอนแก่น', nameEn: 'Khon Kaen', regionCode: 'NE' },
  { code: '41', nameTh: 'อุดรธานี', nameEn: 'Udon Thani', regionCode: 'NE' },
  { code: '42', nameTh: 'เลย', nameEn: 'Loei', regionCode: 'NE' },
  { code: '43', nameTh: 'หนองคาย', nameEn: 'Nong Khai', regionCode: 'NE' },
  { code: '44', nameTh: 'มหาสารคาม', nameEn: 'Maha Sarakham', regionCode: 'NE' },
  { code: '45', nameTh: 'ร้อยเอ็ด', nameEn: 'Roi Et', regionCode: 'NE' },
  { code: '46', nameTh: 'กาฬสินธุ์', nameEn: 'Kalasin', regionCode: 'NE' },
  { code: '47', nameTh: 'สกลนคร', nameEn: 'Sakon Nakhon', regionCode: 'NE' },
  { code: '48', nameTh: 'นครพนม', nameEn: 'Nakhon Phanom', regionCode: 'NE' },
  { code: '49', nameTh: 'มุกดาหาร', nameEn: 'Mukdahan', regionCode: 'NE' },
  { code: '50', nameTh: 'เชียงใหม่', nameEn: 'Chiang Mai', regionCode: 'N' },
  { code: '51', nameTh: 'ลำพูน', nameEn: 'Lamphun', regionCode: 'N' },
  { code: '52', nameTh: 'ลำปาง', nameEn: 'Lampang', regionCode: 'N' },
  { code: '53', nameTh: 'อุตรดิตถ์', nameEn: 'Uttaradit', regionCode: 'N' },
  { code: '54', nameTh: 'แพร่', nameEn: 'Phrae', regionCode: 'N' },
  { code: '55', nameTh: 'น่าน', nameEn: 'Nan', regionCode: 'N' },
  { code: '56', nameTh: 'พะเยา', nameEn: 'Phayao', regionCode: 'N' },
  { code: '57', nameTh: 'เชียงราย', nameEn: 'Chiang Rai', regionCode: 'N' },
  { code: '58', nameTh: 'แม่ฮ่องสอน', nameEn: 'Mae Hong Son', regionCode: 'N' },
  { code: '60', nameTh: 'นครสวรรค์', nameEn: 'Nakhon Sawan', regionCode: 'C' },
  { code: '61', nameTh: 'อุทัยธานี', nameEn: 'Uthai Thani', regionCode: 'C' },
  { code: '62', nameTh: 'กำแพงเพชร', nameEn: 'Kamphaeng Phet', regionCode: 'C' },
  { code: '63', nameTh: 'ตาก', nameEn: 'Tak', regionCode: 'W' },
  { code: '64', nameTh: 'สุโขทัย', nameEn: 'Sukhothai', regionCode: 'C' },
  { code: '65', nameTh: 'พิษณุโลก', nameEn: 'Phitsanulok', regionCode: 'C' },
  { code: '66', nameTh: 'พิจิตร', nameEn: 'Phichit', regionCode: 'C' },
  { code: '67', nameTh: 'เพชรบูรณ์', nameEn: 'Phetchabun', regionCode: 'C' },
  { code: '70', nameTh: 'ราชบุรี', nameEn: 'Ratchaburi', regionCode: 'W' },
  { code: '71', nameTh: 'กาญจนบุรี', nameEn: 'Kanchanaburi', regionCode: 'W' },
  { code: '72', nameTh: 'สุพรรณบุรี', nameEn: 'Suphan Buri', regionCode: 'C' },
  { code: '73', nameTh: 'นครปฐม', nameEn: 'Nakhon Pathom', regionCode: 'C' },
  { code: '74', nameTh: 'สมุทรสาคร', nameEn: 'Samut Sakhon', regionCode: 'C' },
  { code: '75', nameTh: 'สมุทรสงคราม', nameEn: 'Samut Songkhram', regionCode: 'C' },
  { code: '76', nameTh: 'เพชรบุรี', nameEn: 'Phetchaburi', regionCode: 'W' },
  { code: '77', nameTh: 'ประจวบคีรีขันธ์', nameEn: 'Prachuap Khiri Khan', regionCode: 'W' },
  { code: '80', nameTh: 'นครศรีธรรมราช', nameEn: 'Nakhon Si Thammarat', regionCode: 'S' },
  { code: '81', nameTh: 'กระบี่', nameEn: 'Krabi', regionCode: 'S' },
  { code: '82', nameTh: 'พังงา', nameEn: 'Phang Nga', regionCode: 'S' },
  { code: '83', nameTh: 'ภูเก็ต', nameEn: 'Phuket', regionCode: 'S' },
  { code: '84', nameTh: 'สุราษฎร์ธานี', nameEn: 'Surat Thani', regionCode: 'S' },
  { code: '85', nameTh: 'ระนอง', nameEn: 'Ranong', regionCode: 'S' },
  { code: '86', nameTh: 'ชุมพร', nameEn: 'Chumphon', regionCode: 'S' },
  { code: '90', nameTh: 'สงขลา', nameEn: 'Songkhla', regionCode: 'S' },
  { code: '91', nameTh: 'สตูล', nameEn: 'Satun', regionCode: 'S' },
  { code: '92', nameTh: 'ตรัง', nameEn: 'Trang', regionCode: 'S' },
  { code: '93', nameTh: 'พัทลุง', nameEn: 'Phatthalung', regionCode: 'S' },
  { code: '94', nameTh: 'ปัตตานี', nameEn: 'Pattani', regionCode: 'S' },
  { code: '95', nameTh: 'ยะลา', nameEn: 'Yala', regionCode: 'S' },
  { code: '96', nameTh: 'นราธิวาส', nameEn: 'Narathiwat', regionCode: 'S' },
];

export interface DistrictName {
  code: string;
  nameTh: string;
  nameEn: string;
  provinceCode: string;
}

/** The 11 districts (amphoe) of the sandbox province Lopburi, with their official DOPA codes. */
// prettier-ignore
export const LOPBURI_DISTRICT_NAMES: readonly DistrictName[] = [
  { code: '1601', nameTh: 'อำเภอเมืองลพบุรี', nameEn: 'Mueang Lopburi District', provinceCode: '16' },
  { code: '1602', nameTh: 'อำเภอพัฒนานิคม', nameEn: 'Phatthana Nikhom District', provinceCode: '16' },
  { code: '1603', nameTh: 'อำเภอโคกสำโรง', nameEn: 'Khok Samrong District', provinceCode: '16' },
  { code: '1604', nameTh: 'อำเภอชัยบาดาล', nameEn: 'Chai Badan District', provinceCode: '16' },
  { code: '1605', nameTh: 'อำเภอท่าวุ้ง', nameEn: 'Tha Wung District', provinceCode: '16' },
  { code: '1606', nameTh: 'อำเภอบ้านหมี่', nameEn: 'Ban Mi District', provinceCode: '16' },
  { code: '1607', nameTh: 'อำเภอท่าหลวง', nameEn: 'Tha Luang District', provinceCode: '16' },
  { code: '1608', nameTh: 'อำเภอสระโบสถ์', nameEn: 'Sa Bot District', provinceCode: '16' },
  { code: '1609', nameTh: 'อำเภอโคกเจริญ', nameEn: 'Khok Charoen District', provinceCode: '16' },
  { code: '1610', nameTh: 'อำเภอลำสนธิ', nameEn: 'Lam Sonthi District', provinceCode: '16' },
  { code: '1611', nameTh: 'อำเภอหนองม่วง', nameEn: 'Nong Muang District', provinceCode: '16' },
];
