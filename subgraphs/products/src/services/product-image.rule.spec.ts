import { sniffContentType } from '@dnp/subgraph-kit';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { jpegWithExif, testImage, textDisguisedAsPng } from './product-image.fixture.js';
import { mediaPath, prepareImage, widthOfFileName, type PreparedImage } from './product-image.rule.js';

const MAX = 40_000_000;

async function sizes(prepared: PreparedImage) {
  return Promise.all(
    [...prepared.variants.values()].map(async (bytes) => {
      const meta = await sharp(bytes).metadata();
      return { format: meta.format, width: meta.width, exif: meta.exif, icc: meta.icc, xmp: meta.xmp };
    }),
  );
}

describe('prepareImage', () => {
  it('turns a PNG into WebP variants 160, 480 and 1200 px wide, never upscaled', async () => {
    const prepared = (await prepareImage(await testImage(1600, 900), MAX)) as PreparedImage;
    expect(prepared).toMatchObject({ width: 1600, height: 900 });
    expect([...prepared.variants.keys()]).toEqual([160, 480, 1200]);
    expect((await sizes(prepared)).map((s) => [s.format, s.width])).toEqual([
      ['webp', 160],
      ['webp', 480],
      ['webp', 1200],
    ]);
    const small = (await prepareImage(await testImage(300, 200), MAX)) as PreparedImage;
    expect((await sizes(small)).map((s) => s.width)).toEqual([160, 300, 300]);
  });

  it('strips EXIF from a JPEG and stands it upright by its orientation first', async () => {
    const jpeg = await jpegWithExif(800, 400);
    expect((await sharp(jpeg).metadata()).exif?.toString('latin1')).toContain('SpyCam');
    const prepared = (await prepareImage(jpeg, MAX)) as PreparedImage;
    // Orientation 6 is a quarter turn: the upright picture is 400 wide, 800 high.
    expect(prepared).toMatchObject({ width: 400, height: 800 });
    for (const variant of await sizes(prepared)) expect(variant).toMatchObject({ exif: undefined, xmp: undefined });
    for (const bytes of prepared.variants.values()) {
      expect(bytes.toString('latin1')).not.toContain('SpyCam');
      expect(bytes.toString('latin1')).not.toContain('Secret Owner');
    }
    const large = await sharp(prepared.variants.get(1200)!).metadata();
    expect([large.width, large.height]).toEqual([400, 800]);
  });

  it('refuses a text file named .png: at the upload by its bytes, at the decoder behind a PNG header', async () => {
    const text = Buffer.from('name,price\nmilk,3.50\n', 'utf8');
    expect(sniffContentType(text)).toBeUndefined();
    expect(await prepareImage(text, MAX)).toBe('IMAGE_NOT_AN_IMAGE');
    const disguised = textDisguisedAsPng();
    expect(sniffContentType(disguised)).toBe('image/png');
    expect(await prepareImage(disguised, MAX)).toBe('IMAGE_NOT_AN_IMAGE');
    const truncated = (await testImage(400, 400, 'jpeg')).subarray(0, 300);
    expect(await prepareImage(truncated, MAX)).toBe('IMAGE_NOT_AN_IMAGE');
  });

  it('refuses a 50 MP image by its pixel count before decoding it', async () => {
    const huge = await testImage(10_000, 5_000);
    expect(huge.length).toBeLessThan(5 * 1024 * 1024); // it passes the upload cap: only the pixels refuse it
    expect(await prepareImage(huge, MAX)).toBe('IMAGE_TOO_LARGE');
    expect(await prepareImage(await testImage(100, 100), 9_999)).toBe('IMAGE_TOO_LARGE');
  }, 30_000);
});

describe('media paths', () => {
  it('names the three widths only', () => {
    expect(mediaPath('prd_1', 'img_2', 480)).toBe('/media/products/prd_1/img_2/480.webp');
    expect(['160.webp', '480.webp', '1200.webp'].map(widthOfFileName)).toEqual([160, 480, 1200]);
    for (const name of ['999.webp', '480.png', '0480.webp', '480.webp.exe', '480', '../480.webp'])
      expect(widthOfFileName(name)).toBeUndefined();
  });
});
