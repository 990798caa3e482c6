// What a command's handler gets from the command line: the package version, and where its exit code goes.
export interface Run {
  version: string;
  exit(code: number): void;
}
