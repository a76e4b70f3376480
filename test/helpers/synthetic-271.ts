/**
 * Synthetic, PHI-free 271 interchanges of any size, for the large-input test and the
 * parse benchmark. Every transaction is a valid 005010X279A1 271 (correct SE/GE/IEA counts).
 */
export interface Synthetic271Options {
  transactions: number;
  /** EB segments per transaction; each comes with a DTP and a MSG. */
  benefitsPerTransaction: number;
}

const benefitLines = (i: number): string[] => {
  const network = i % 2 === 0 ? 'Y' : 'N';
  switch (i % 4) {
    case 0:
      return [`EB*B*IND*98*PR*SYNTHETIC PPO*27*${(20 + (i % 30)).toFixed(2)}*****${network}`, 'DTP*292*D8*20240101', 'MSG*OFFICE VISIT COPAY'];
    case 1:
      return [`EB*A*IND*A6^AI*PR*SYNTHETIC PPO*27**.${(i % 9) + 1}****${network}`, 'DTP*292*RD8*20240101-20241231', 'MSG*COINSURANCE APPLIES'];
    case 2:
      return [`EB*C*FAM*30*PR*SYNTHETIC PPO*23*${1000 + i}*****${network}`, 'DTP*348*D8*20240101', 'MSG*CALENDAR YEAR DEDUCTIBLE'];
    default:
      return [`EB*C*FAM*30*PR*SYNTHETIC PPO*29*${(500 + i / 100).toFixed(2)}*****${network}`, 'DTP*348*D8*20240101', 'MSG*REMAINING DEDUCTIBLE'];
  }
};

export const buildSynthetic271 = ({ transactions, benefitsPerTransaction }: Synthetic271Options): string => {
  const out: string[] = [
    'ISA*00*          *00*          *ZZ*SYNTHETIC      *ZZ*CAREGATE       *240301*0930*^*00501*000000001*0*T*:',
    'GS*HB*SYNTHETIC*CAREGATE*20240301*0930*1*X*005010X279A1',
  ];
  for (let t = 1; t <= transactions; t++) {
    const control = String(t).padStart(4, '0');
    const segments = [
      `ST*271*${control}*005010X279A1`,
      `BHT*0022*11*SYN${control}*20240301*0930`,
      'HL*1**20*1',
      'NM1*PR*2*SYNTHETIC PAYER*****PI*SYN01',
      'HL*2*1*21*1',
      'NM1*1P*2*SYNTHETIC CLINIC*****XX*1234567893',
      'HL*3*2*22*0',
      `TRN*2*SYN-TRACE-${t}*9SYNTHETIC`,
      `NM1*IL*1*SYNTHETIC*MEMBER****MI*SYN${String(t).padStart(8, '0')}`,
      'DMG*D8*19800101*U',
      'EB*1*FAM*30*PR*SYNTHETIC PPO',
    ];
    for (let i = 0; i < benefitsPerTransaction; i++) segments.push(...benefitLines(i));
    segments.push(`SE*${segments.length + 1}*${control}`);
    out.push(...segments);
  }
  out.push(`GE*${transactions}*1`, 'IEA*1*000000001');
  return out.join('~\n') + '~\n';
};

/** At least `bytes` long: as many 200-benefit transactions as it takes. */
export const buildSynthetic271OfSize = (bytes: number): string => {
  const size = (transactions: number) => buildSynthetic271({ transactions, benefitsPerTransaction: 200 }).length;
  const perTransaction = size(2) - size(1);
  const overhead = size(1) - perTransaction;
  return buildSynthetic271({ transactions: Math.max(1, Math.ceil((bytes - overhead) / perTransaction)), benefitsPerTransaction: 200 });
};
