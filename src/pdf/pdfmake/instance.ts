// The PDF writer's own pdfmake instance, beside the shared one (the package's default export) that a
// host application configures for its own documents: pdfmake exports only that instance, so ours is
// made from its class, with an empty virtual file system of the same class (pdfmake reads fonts from
// the virtual file system before the disk: a host's files there are not ours).
export function freshPdfmake<T>(shared: object): T {
  const Pdfmake = shared.constructor as new () => { virtualfs: object };
  const instance = new Pdfmake();
  instance.virtualfs = new (instance.virtualfs.constructor as new () => object)();
  return instance as T;
}
