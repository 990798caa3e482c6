import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageDir, packageRoot } from '../io/paths.js';

export type Weight = 400 | 700;

export interface FontFace {
  family: string;
  weight: Weight;
  /** Absolute path of the TTF file inside its npm package. */
  path: string;
}

interface Registry {
  default: string;
  families: Record<string, { package: string; weights: Record<string, string> }>;
}

let cached: FontFace[] | undefined;

/** The faces of the default family, from fonts/registry.json. */
export function fontFaces(): FontFace[] {
  if (cached) return cached;
  const registry = JSON.parse(readFileSync(join(packageRoot, 'fonts', 'registry.json'), 'utf8')) as Registry;
  const family = registry.families[registry.default];
  if (!family) throw new Error(`fonts/registry.json: default family "${registry.default}" is not defined`);
  const dir = packageDir(family.package);
  cached = Object.entries(family.weights).map(([weight, file]) => ({
    family: registry.default,
    weight: Number(weight) as Weight,
    path: join(dir, file),
  }));
  return cached;
}

export function fontFace(weight: Weight): FontFace {
  const face = fontFaces().find((f) => f.weight === weight);
  if (!face) throw new Error(`no font face of weight ${weight} in fonts/registry.json`);
  return face;
}

/** The licence text that ships beside embedded fonts. */
export function fontLicence(): string {
  return readFileSync(join(packageDir('vazirmatn'), 'OFL.txt'), 'utf8');
}
