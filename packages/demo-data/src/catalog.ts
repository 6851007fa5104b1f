import { intBetween, seededRandom } from './random.js';

/** A brand of the demo group. */
export interface DemoBrand {
  id: string;
  code: string;
  name: string;
  nameEn: string;
}
/** A category; `parentId` null for top-level ones. */
export interface DemoCategory {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  parentId: string | null;
}
/**
 * A product's VAT class (the products subgraph's `TaxClass`): STANDARD 13 %, REDUCED 9 %, ZERO 0 %.
 *
 * Chinese VAT puts plain sterilised and pasteurised milk (灭菌乳, 巴氏杀菌乳) with agricultural
 * products at 9 % (国家税务总局公告 2011 年第 38 号), while modified milk (调制乳: added calcium or
 * nutrients), yogurt, milk powder, beverages, snacks, condiments and supplements are 13 %. None of
 * the catalogue's goods is zero-rated or exempt (that is exports, or unprocessed produce such as
 * fresh eggs and vegetables in distribution), so ZERO has no demo product: adding one would shift
 * every seed that walks the catalogue (stock, prices, orders, codes).
 */
export type DemoTaxClass = 'STANDARD' | 'REDUCED' | 'ZERO';

/** A sellable SKU with its list price in fen (CNY minor units). */
export interface DemoProduct {
  id: string;
  sku: string;
  name: string;
  nameEn: string;
  brandId: string;
  categoryId: string;
  unit: string;
  unitEn: string;
  packSize: number;
  listPriceMinor: number;
  shelfLifeDays: number;
  /** Traceable products carry serial codes (一物一码). */
  traceable: boolean;
  barcode: string;
  createdAt: Date;
  /** VAT class; prices are tax-inclusive. */
  taxClass: DemoTaxClass;
}

export const DEMO_BRANDS: DemoBrand[] = [
  { id: 'brd_jiahe', code: 'JIAHE', name: '嘉禾乳业', nameEn: 'Jiahe Dairy' },
  { id: 'brd_qingquan', code: 'QINGQUAN', name: '清泉', nameEn: 'Clear Spring' },
  { id: 'brd_hewei', code: 'HEWEI', name: '禾味', nameEn: 'Hewei Snacks' },
  { id: 'brd_kangyuan', code: 'KANGYUAN', name: '康源', nameEn: 'Kangyuan Health' },
  { id: 'brd_tianyuan', code: 'TIANYUAN', name: '田园厨房', nameEn: 'Tianyuan Kitchen' },
];

interface Leaf {
  code: string;
  name: string;
  nameEn: string;
  brand: string;
  unit: [string, string];
  shelf: number;
  price: [number, number];
  /** Chinese and English base names, and the base's VAT class when it differs from the leaf's. */
  bases: ([string, string] | [string, string, DemoTaxClass])[];
  variants: [string, string][];
  traceable?: boolean;
  /** VAT class of the leaf's products (default STANDARD). */
  taxClass?: DemoTaxClass;
}
const TREE: { code: string; name: string; nameEn: string; leaves: Leaf[] }[] = [
  {
    code: 'DAIRY',
    name: '乳制品',
    nameEn: 'Dairy',
    leaves: [
      {
        code: 'MLK',
        name: '液态奶',
        nameEn: 'Milk',
        brand: 'brd_jiahe',
        unit: ['箱', 'case'],
        shelf: 180,
        price: [4800, 9800],
        // Plain milk is an agricultural product (9 %); the fortified ones are modified milk (13 %).
        taxClass: 'REDUCED',
        bases: [
          ['纯牛奶', 'Whole Milk'],
          ['低脂牛奶', 'Low-fat Milk'],
          ['有机纯牛奶', 'Organic Milk'],
          ['高钙牛奶', 'High-calcium Milk', 'STANDARD'],
          ['儿童成长牛奶', 'Kids Growth Milk', 'STANDARD'],
          ['A2β-酪蛋白牛奶', 'A2 Beta-casein Milk'],
        ],
        variants: [
          ['250ml×12盒', '250ml x12'],
          ['250ml×24盒', '250ml x24'],
          ['200ml×16盒', '200ml x16'],
          ['1L×6盒', '1L x6'],
        ],
      },
      {
        code: 'YOG',
        name: '酸奶',
        nameEn: 'Yogurt',
        brand: 'brd_jiahe',
        unit: ['箱', 'case'],
        shelf: 21,
        price: [3600, 8800],
        bases: [
          ['原味酸奶', 'Plain Yogurt'],
          ['草莓酸奶', 'Strawberry Yogurt'],
          ['希腊式酸奶', 'Greek Yogurt'],
          ['黄桃燕麦酸奶', 'Peach Oat Yogurt'],
          ['零蔗糖酸奶', 'Zero-sugar Yogurt'],
        ],
        variants: [
          ['100g×8杯', '100g x8'],
          ['200g×12瓶', '200g x12'],
          ['1kg×4桶', '1kg x4'],
        ],
      },
      {
        code: 'PWD',
        name: '奶粉',
        nameEn: 'Milk Powder',
        brand: 'brd_jiahe',
        unit: ['罐', 'can'],
        shelf: 720,
        price: [15800, 39800],
        traceable: true,
        bases: [
          ['婴幼儿配方奶粉1段', 'Infant Formula Stage 1'],
          ['婴幼儿配方奶粉2段', 'Infant Formula Stage 2'],
          ['幼儿配方奶粉3段', 'Toddler Formula Stage 3'],
          ['中老年高钙奶粉', 'Senior High-calcium Powder'],
          ['全脂奶粉', 'Whole Milk Powder'],
        ],
        variants: [
          ['400g', '400g'],
          ['800g', '800g'],
          ['900g', '900g'],
          ['1.6kg', '1.6kg'],
        ],
      },
    ],
  },
  {
    code: 'DRINK',
    name: '饮料',
    nameEn: 'Beverages',
    leaves: [
      {
        code: 'WTR',
        name: '饮用水',
        nameEn: 'Drinking Water',
        brand: 'brd_qingquan',
        unit: ['箱', 'case'],
        shelf: 540,
        price: [1800, 4800],
        bases: [
          ['天然矿泉水', 'Natural Mineral Water'],
          ['饮用纯净水', 'Purified Water'],
          ['苏打水', 'Soda Water'],
          ['含气矿泉水', 'Sparkling Mineral Water'],
        ],
        variants: [
          ['550ml×24瓶', '550ml x24'],
          ['350ml×24瓶', '350ml x24'],
          ['1.5L×12瓶', '1.5L x12'],
          ['5L×4桶', '5L x4'],
        ],
      },
      {
        code: 'TEA',
        name: '茶饮料',
        nameEn: 'Tea Drinks',
        brand: 'brd_qingquan',
        unit: ['箱', 'case'],
        shelf: 360,
        price: [3600, 7200],
        bases: [
          ['冰红茶', 'Iced Black Tea'],
          ['茉莉绿茶', 'Jasmine Green Tea'],
          ['乌龙茶', 'Oolong Tea'],
          ['大麦茶', 'Barley Tea'],
          ['柠檬茶', 'Lemon Tea'],
        ],
        variants: [
          ['500ml×15瓶', '500ml x15'],
          ['250ml×24盒', '250ml x24'],
          ['1L×12瓶', '1L x12'],
        ],
      },
      {
        code: 'JUC',
        name: '果汁',
        nameEn: 'Juice',
        brand: 'brd_qingquan',
        unit: ['箱', 'case'],
        shelf: 270,
        price: [4200, 9600],
        bases: [
          ['橙汁', 'Orange Juice'],
          ['苹果汁', 'Apple Juice'],
          ['芒果汁', 'Mango Juice'],
          ['NFC椰子水', 'NFC Coconut Water'],
          ['葡萄汁', 'Grape Juice'],
        ],
        variants: [
          ['300ml×12瓶', '300ml x12'],
          ['1L×6盒', '1L x6'],
          ['2L×6瓶', '2L x6'],
        ],
      },
    ],
  },
  {
    code: 'SNACK',
    name: '休闲食品',
    nameEn: 'Snacks',
    leaves: [
      {
        code: 'BSC',
        name: '饼干',
        nameEn: 'Biscuits',
        brand: 'brd_hewei',
        unit: ['箱', 'case'],
        shelf: 300,
        price: [3200, 8800],
        bases: [
          ['苏打饼干', 'Soda Crackers'],
          ['全麦消化饼', 'Digestive Biscuits'],
          ['夹心饼干', 'Sandwich Cookies'],
          ['黄油曲奇', 'Butter Cookies'],
          ['燕麦饼干', 'Oat Biscuits'],
        ],
        variants: [
          ['100g×24包', '100g x24'],
          ['400g×10盒', '400g x10'],
          ['1kg×6盒', '1kg x6'],
        ],
      },
      {
        code: 'NUT',
        name: '坚果',
        nameEn: 'Nuts',
        brand: 'brd_hewei',
        unit: ['箱', 'case'],
        shelf: 270,
        price: [6800, 16800],
        bases: [
          ['每日坚果', 'Daily Nuts Mix'],
          ['夏威夷果', 'Macadamia'],
          ['碧根果', 'Pecans'],
          ['巴旦木', 'Almonds'],
          ['开心果', 'Pistachios'],
          ['腰果', 'Cashews'],
        ],
        variants: [
          ['25g×30袋', '25g x30'],
          ['500g×10袋', '500g x10'],
          ['1kg×6罐', '1kg x6'],
        ],
      },
      {
        code: 'CND',
        name: '糖果',
        nameEn: 'Candy',
        brand: 'brd_hewei',
        unit: ['箱', 'case'],
        shelf: 540,
        price: [2800, 6800],
        bases: [
          ['水果硬糖', 'Fruit Hard Candy'],
          ['牛奶软糖', 'Milk Chews'],
          ['薄荷糖', 'Mints'],
          ['黑巧克力', 'Dark Chocolate'],
        ],
        variants: [
          ['50g×24包', '50g x24'],
          ['200g×12袋', '200g x12'],
          ['1kg×8袋', '1kg x8'],
        ],
      },
    ],
  },
  {
    code: 'SEASON',
    name: '调味品',
    nameEn: 'Condiments',
    leaves: [
      {
        code: 'SOY',
        name: '酱油',
        nameEn: 'Soy Sauce',
        brand: 'brd_tianyuan',
        unit: ['箱', 'case'],
        shelf: 720,
        price: [3600, 9600],
        bases: [
          ['特级生抽', 'Premium Light Soy Sauce'],
          ['老抽王', 'Dark Soy Sauce'],
          ['零添加酱油', 'Additive-free Soy Sauce'],
          ['蒸鱼豉油', 'Seasoned Soy for Fish'],
        ],
        variants: [
          ['500ml×12瓶', '500ml x12'],
          ['1.28L×6瓶', '1.28L x6'],
          ['1.9L×6瓶', '1.9L x6'],
        ],
      },
      {
        code: 'VIN',
        name: '醋',
        nameEn: 'Vinegar',
        brand: 'brd_tianyuan',
        unit: ['箱', 'case'],
        shelf: 720,
        price: [2400, 6800],
        bases: [
          ['陈醋', 'Aged Vinegar'],
          ['香醋', 'Aromatic Vinegar'],
          ['米醋', 'Rice Vinegar'],
        ],
        variants: [
          ['420ml×12瓶', '420ml x12'],
          ['800ml×12瓶', '800ml x12'],
          ['2.5L×6桶', '2.5L x6'],
        ],
      },
      {
        code: 'SAU',
        name: '调味酱',
        nameEn: 'Sauces',
        brand: 'brd_tianyuan',
        unit: ['箱', 'case'],
        shelf: 450,
        price: [3200, 8800],
        bases: [
          ['蚝油', 'Oyster Sauce'],
          ['豆瓣酱', 'Chili Bean Paste'],
          ['番茄酱', 'Ketchup'],
          ['芝麻酱', 'Sesame Paste'],
          ['黄豆酱', 'Soybean Paste'],
        ],
        variants: [
          ['260g×12瓶', '260g x12'],
          ['700g×12瓶', '700g x12'],
          ['2.2kg×6桶', '2.2kg x6'],
        ],
      },
    ],
  },
  {
    code: 'HEALTH',
    name: '营养保健',
    nameEn: 'Health',
    leaves: [
      {
        code: 'VIT',
        name: '维生素',
        nameEn: 'Vitamins',
        brand: 'brd_kangyuan',
        unit: ['瓶', 'bottle'],
        shelf: 730,
        price: [6800, 19800],
        traceable: true,
        bases: [
          ['维生素C咀嚼片', 'Vitamin C Chewables'],
          ['复合维生素B', 'Vitamin B Complex'],
          ['维生素D3软胶囊', 'Vitamin D3 Softgels'],
          ['钙镁锌片', 'Calcium Magnesium Zinc'],
          ['多种维生素矿物质片', 'Multivitamin & Minerals'],
        ],
        variants: [
          ['60片', '60 tabs'],
          ['100片', '100 tabs'],
          ['200片', '200 tabs'],
        ],
      },
      {
        code: 'PRT',
        name: '蛋白粉',
        nameEn: 'Protein Powder',
        brand: 'brd_kangyuan',
        unit: ['罐', 'can'],
        shelf: 730,
        price: [19800, 45800],
        traceable: true,
        bases: [
          ['乳清蛋白粉', 'Whey Protein'],
          ['大豆分离蛋白粉', 'Soy Protein Isolate'],
          ['中老年蛋白粉', 'Senior Protein'],
          ['儿童营养蛋白粉', 'Kids Protein'],
        ],
        variants: [
          ['400g', '400g'],
          ['900g', '900g'],
          ['2kg', '2kg'],
        ],
      },
    ],
  },
];

/** Demo categories (two-level tree), brands and 500+ products, identical on every run. */
export function demoCatalog(): { brands: DemoBrand[]; categories: DemoCategory[]; products: DemoProduct[] } {
  const rand = seededRandom(20260101);
  const categories: DemoCategory[] = [];
  const products: DemoProduct[] = [];
  let seq = 0;
  const epoch = Date.UTC(2025, 0, 1);
  for (const top of TREE) {
    const topId = `cat_${top.code.toLowerCase()}`;
    categories.push({ id: topId, code: top.code, name: top.name, nameEn: top.nameEn, parentId: null });
    for (const leaf of top.leaves) {
      const leafId = `cat_${leaf.code.toLowerCase()}`;
      categories.push({ id: leafId, code: leaf.code, name: leaf.name, nameEn: leaf.nameEn, parentId: topId });
      let n = 0;
      for (const [bn, bne, baseTaxClass] of leaf.bases) {
        for (const [vn, vne] of leaf.variants) {
          // Three editions (standard, gift box, family pack) take the catalogue past 500 SKUs.
          for (const [en, ene, factor] of [
            ['', '', 1],
            ['礼盒装 ', 'Gift Box ', 1.35],
            ['家庭装 ', 'Family Pack ', 1.8],
          ] as const) {
            n++;
            seq++;
            const sku = `JH-${leaf.code}-${String(n).padStart(4, '0')}`;
            const price = Math.round((intBetween(rand, leaf.price[0], leaf.price[1]) * factor) / 10) * 10;
            products.push({
              id: `prd_${String(seq).padStart(5, '0')}`,
              sku,
              name: `${DEMO_BRANDS.find((b) => b.id === leaf.brand)!.name} ${en}${bn} ${vn}`,
              nameEn: `${DEMO_BRANDS.find((b) => b.id === leaf.brand)!.nameEn} ${ene}${bne} ${vne}`,
              brandId: leaf.brand,
              categoryId: leafId,
              unit: leaf.unit[0],
              unitEn: leaf.unit[1],
              packSize: 1,
              listPriceMinor: price,
              shelfLifeDays: leaf.shelf,
              traceable: leaf.traceable ?? false,
              barcode: `69${String(10000000000 + seq * 7919).slice(-11)}`,
              createdAt: new Date(epoch + seq * 3_600_000 * 7),
              taxClass: baseTaxClass ?? leaf.taxClass ?? 'STANDARD',
            });
          }
        }
      }
    }
  }
  return { brands: DEMO_BRANDS, categories, products };
}
