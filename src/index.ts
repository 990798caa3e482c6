/**
 * The library: what `import … from 'briefing'` gives. Re-exports only; the code lives in folders by job
 * (src/README.md).
 */
export { loadBriefing, loadBriefingWithPlaces, parseBriefing } from './model/load.js';
export type { BriefingImages, ImageAsset } from './model/images.js';
export { briefingSchema, briefingJsonSchema, type Briefing } from './model/schema.js';
export { BriefingError, formatDiagnostic, type Diagnostic } from './model/diagnostic.js';
export { orthographyWarnings } from './orthography/check.js';
export { fixText, type Correction, type FixResult } from './orthography/fix.js';
export { toView, type View } from './view/index.js';
export { createRenderer, type Rendered } from './render/index.js';
export { defaultThreads } from './threads/pool.js';
export { WriterPool } from './build/writer-pool.js';
export type { BuildReport, ReportedArtifact } from './build/report.js';
export { FORMATS, DEFAULT_FORMATS, type Format } from './build/formats.js';
export type { DataFile } from './model/read-file.js';
export { readDataFile, renderBriefing, editionDate, buildFile, buildLoaded, buildBriefing, glyphWarnings, writeBriefing } from './build/build.js';
export type { BuildOptions, Artifact, BuildResult, BuildWorkers } from './build/build.js';
