import sharp from 'sharp';

/** Test images for the image specs (made by sharp, so no binary files live in the repository). */

/** A solid-colour image of the given size in the given format. */
export async function testImage(width: number, height: number, format: 'png' | 'jpeg' = 'png'): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 60 } } });
  return format === 'png' ? image.png().toBuffer() : image.jpeg().toBuffer();
}

/** A JPEG carrying EXIF (a copyright, a camera, orientation 6: stored lying on its side). */
export async function jpegWithExif(width: number, height: number): Promise<Buffer> {
  return sharp(await testImage(width, height, 'jpeg'))
    .withMetadata({ orientation: 6 })
    .withExif({ IFD0: { Copyright: 'Secret Owner', Make: 'SpyCam' } })
    .jpeg()
    .toBuffer();
}

/** A text file with a PNG signature in front: passes the upload's sniffing, fails the decoder. */
export function textDisguisedAsPng(): Buffer {
  const text = Buffer.from('name,price\nmilk,3.50\n', 'utf8');
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), text]);
}
