import { realpath } from 'node:fs/promises';
import { dirname, relative, resolve, sep, isAbsolute } from 'node:path';
import { imageSize } from 'image-size';
import { IMAGE_LIMITS, jpegProblem, pixelProblem, pngProblem } from './image-check.js';
import { readRegularFile } from './read-file.js';
import type { Briefing } from './schema.js';

/** An image the briefing declares (its logo or a figure), read from the briefing's folder. */
export interface ImageAsset {
  /** `logo`, `figure-1`, `figure-2`, ...: names the file inside the EPUB. */
  key: string;
  /** The path as the briefing wrote it. */
  file: string;
  mediaType: 'image/png' | 'image/jpeg';
  width: number;
  height: number;
  bytes: Uint8Array;
  /** Where the outputs refer to it: `images/<key>.<ext>` (the EPUB's own path; other writers map it). */
  href: string;
}

/** The briefing's images: every one an output may show. Nothing else is ever loaded. */
export interface BriefingImages {
  logo?: ImageAsset;
  figures: ImageAsset[];
}

export const NO_IMAGES: BriefingImages = { figures: [] };

/** Every image of a set, logo first. */
export function allImages(images: BriefingImages): ImageAsset[] {
  return [...(images.logo ? [images.logo] : []), ...images.figures];
}

export interface ImageProblem {
  path: (string | number)[];
  message: string;
}

/**
 * Reads the logo and figures from `baseDir` (the briefing file's folder). The schema has refused
 * URLs, absolute paths and `..`; here a symbolic link that leads out of the folder is refused too,
 * and each file must be the PNG or JPEG its contents say, not only its name.
 */
export async function loadImages(b: Briefing, baseDir: string): Promise<{ images: BriefingImages; problems: ImageProblem[] }> {
  const problems: ImageProblem[] = [];
  const root = await realpath(baseDir).catch(() => resolve(baseDir));
  const read = async (file: string, key: string, path: (string | number)[]): Promise<ImageAsset | undefined> => {
    const result = await readImage(root, file, key);
    if (typeof result === 'string') {
      problems.push({ path, message: result });
      return undefined;
    }
    return result;
  };
  const logo = b.logo ? await read(b.logo.file, 'logo', ['logo', 'file']) : undefined;
  const figures: ImageAsset[] = [];
  for (const [i, f] of b.figures.entries()) {
    const asset = await read(f.file, `figure-${i + 1}`, ['figures', i, 'file']);
    if (asset) figures.push(asset);
  }
  return { images: { ...(logo ? { logo } : {}), figures }, problems };
}

/** The folder a briefing file's images are relative to. */
export function imagesFolderOf(briefingFile: string): string {
  return dirname(resolve(briefingFile));
}

async function readImage(root: string, file: string, key: string): Promise<ImageAsset | string> {
  const full = resolve(root, file);
  let real: string;
  try {
    real = await realpath(full);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `image file not found: ${full}` : `cannot read the image (${code})`;
  }
  const inside = relative(root, real);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    return 'must not leave the briefing\'s folder (the path leads elsewhere through a link)';
  }
  // A regular file within the limit only: a FIFO would block the build, a device never ends.
  const read = await readRegularFile(real, IMAGE_LIMITS.fileBytes);
  if ('problem' in read) {
    if (read.code === 'ENOENT') return `image file not found: ${full}`;
    if (read.code) return `cannot read the image ${file} ${read.problem.replace(/^cannot read the file /, '')}`;
    if (read.problem === 'is a folder, not a file') return 'is a folder, not an image file';
    return `${file} ${read.problem}${read.tooLarge ? ' (save it smaller)' : ''}`;
  }
  const bytes = read.bytes;
  let info: ReturnType<typeof imageSize>;
  try {
    info = imageSize(bytes);
  } catch {
    // A PNG or JPEG cut off before its size is told apart from a file that is no image at all.
    const cut = bytes[0] === 0x89 && bytes[1] === 0x50 ? await pngProblem(bytes) : bytes[0] === 0xff && bytes[1] === 0xd8 ? jpegProblem(bytes) : undefined;
    return cut ? `${file} ${cut}` : 'is not a PNG or JPEG image (its contents are not an image)';
  }
  const type = info.type === 'png' ? 'png' : info.type === 'jpg' ? 'jpg' : undefined;
  if (!type) return `is a ${String(info.type).toUpperCase()} image: use PNG or JPEG`;
  const ext = /\.png$/i.test(file) ? 'png' : 'jpg';
  if (ext !== type) return `is named .${ext === 'png' ? 'png' : 'jpg'} but holds a ${type === 'png' ? 'PNG' : 'JPEG'} image: rename it`;
  // From the header, before anything decodes it: a small file may unpack to gigabytes of pixels.
  const tooBig = info.width && info.height ? pixelProblem(info.width, info.height) : undefined;
  if (tooBig) return `${file} ${tooBig}`;
  const broken = type === 'png' ? await pngProblem(bytes) : jpegProblem(bytes);
  if (broken) return `${file} ${broken}`;
  if (!info.width || !info.height) return 'is an image without a size';
  return {
    key,
    file,
    mediaType: type === 'png' ? 'image/png' : 'image/jpeg',
    width: info.width,
    height: info.height,
    bytes: new Uint8Array(bytes),
    href: `images/${key}.${type}`,
  };
}
