/** A node of the sales region tree: country → sales region → province → city. */
export interface DemoRegion {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  level: 'COUNTRY' | 'SALES_REGION' | 'PROVINCE' | 'CITY';
  parentId: string | null;
}

const SALES_REGIONS: [
  code: string,
  name: string,
  nameEn: string,
  provinces: [code: string, name: string, nameEn: string, cities: [string, string, string][]][],
][] = [
  [
    'EAST',
    '华东大区',
    'East China',
    [
      [
        'JS',
        '江苏省',
        'Jiangsu',
        [
          ['NJ', '南京市', 'Nanjing'],
          ['SZ', '苏州市', 'Suzhou'],
          ['WX', '无锡市', 'Wuxi'],
        ],
      ],
      [
        'ZJ',
        '浙江省',
        'Zhejiang',
        [
          ['HZ', '杭州市', 'Hangzhou'],
          ['NB', '宁波市', 'Ningbo'],
          ['WZ', '温州市', 'Wenzhou'],
        ],
      ],
      [
        'SH',
        '上海市',
        'Shanghai',
        [
          ['PD', '浦东新区', 'Pudong'],
          ['MH', '闵行区', 'Minhang'],
        ],
      ],
      [
        'AH',
        '安徽省',
        'Anhui',
        [
          ['HF', '合肥市', 'Hefei'],
          ['WH', '芜湖市', 'Wuhu'],
        ],
      ],
      [
        'SD',
        '山东省',
        'Shandong',
        [
          ['JN', '济南市', 'Jinan'],
          ['QD', '青岛市', 'Qingdao'],
        ],
      ],
    ],
  ],
  [
    'SOUTH',
    '华南大区',
    'South China',
    [
      [
        'GD',
        '广东省',
        'Guangdong',
        [
          ['GZ', '广州市', 'Guangzhou'],
          ['SZ', '深圳市', 'Shenzhen'],
          ['DG', '东莞市', 'Dongguan'],
        ],
      ],
      [
        'FJ',
        '福建省',
        'Fujian',
        [
          ['FZ', '福州市', 'Fuzhou'],
          ['XM', '厦门市', 'Xiamen'],
        ],
      ],
      ['GX', '广西壮族自治区', 'Guangxi', [['NN', '南宁市', 'Nanning']]],
    ],
  ],
  [
    'NORTH',
    '华北大区',
    'North China',
    [
      [
        'BJ',
        '北京市',
        'Beijing',
        [
          ['CY', '朝阳区', 'Chaoyang'],
          ['HD', '海淀区', 'Haidian'],
        ],
      ],
      ['TJ', '天津市', 'Tianjin', [['BH', '滨海新区', 'Binhai']]],
      [
        'HE',
        '河北省',
        'Hebei',
        [
          ['SJZ', '石家庄市', 'Shijiazhuang'],
          ['TS', '唐山市', 'Tangshan'],
        ],
      ],
    ],
  ],
  [
    'CENTRAL',
    '华中大区',
    'Central China',
    [
      [
        'HB',
        '湖北省',
        'Hubei',
        [
          ['WH', '武汉市', 'Wuhan'],
          ['YC', '宜昌市', 'Yichang'],
        ],
      ],
      ['HN', '湖南省', 'Hunan', [['CS', '长沙市', 'Changsha']]],
      [
        'HA',
        '河南省',
        'Henan',
        [
          ['ZZ', '郑州市', 'Zhengzhou'],
          ['LY', '洛阳市', 'Luoyang'],
        ],
      ],
    ],
  ],
  [
    'SOUTHWEST',
    '西南大区',
    'Southwest China',
    [
      [
        'SC',
        '四川省',
        'Sichuan',
        [
          ['CD', '成都市', 'Chengdu'],
          ['MY', '绵阳市', 'Mianyang'],
        ],
      ],
      ['CQ', '重庆市', 'Chongqing', [['YZ', '渝中区', 'Yuzhong']]],
      ['YN', '云南省', 'Yunnan', [['KM', '昆明市', 'Kunming']]],
    ],
  ],
  [
    'NORTHWEST',
    '西北大区',
    'Northwest China',
    [
      ['SN', '陕西省', 'Shaanxi', [['XA', '西安市', "Xi'an"]]],
      ['GS', '甘肃省', 'Gansu', [['LZ', '兰州市', 'Lanzhou']]],
    ],
  ],
  [
    'NORTHEAST',
    '东北大区',
    'Northeast China',
    [
      [
        'LN',
        '辽宁省',
        'Liaoning',
        [
          ['SY', '沈阳市', 'Shenyang'],
          ['DL', '大连市', 'Dalian'],
        ],
      ],
      ['HL', '黑龙江省', 'Heilongjiang', [['HRB', '哈尔滨市', 'Harbin']]],
    ],
  ],
];

/** The demo region tree, parents before children. */
export function demoRegions(): DemoRegion[] {
  const out: DemoRegion[] = [
    { id: 'reg_cn', code: 'CN', name: '中国', nameEn: 'China', level: 'COUNTRY', parentId: null },
  ];
  for (const [rc, rn, rne, provinces] of SALES_REGIONS) {
    const rid = `reg_${rc.toLowerCase()}`;
    out.push({ id: rid, code: rc, name: rn, nameEn: rne, level: 'SALES_REGION', parentId: 'reg_cn' });
    for (const [pc, pn, pne, cities] of provinces) {
      const pid = `reg_${pc.toLowerCase()}`;
      out.push({ id: pid, code: `CN-${pc}`, name: pn, nameEn: pne, level: 'PROVINCE', parentId: rid });
      for (const [cc, cn, cne] of cities) {
        out.push({
          id: `${pid}_${cc.toLowerCase()}`,
          code: `CN-${pc}-${cc}`,
          name: cn,
          nameEn: cne,
          level: 'CITY',
          parentId: pid,
        });
      }
    }
  }
  return out;
}

/** Region ids from the root down to `regionId` (inclusive). */
export function regionPath(regions: DemoRegion[], regionId: string): string[] {
  const byId = new Map(regions.map((r) => [r.id, r]));
  const path: string[] = [];
  for (let r = byId.get(regionId); r; r = r.parentId ? byId.get(r.parentId) : undefined) path.unshift(r.id);
  return path;
}
