// Stands in for node:fs/promises in the browser bundle (see vite.config.ts).
export function readFile(): Promise<never> {
  return Promise.reject(new Error("moonrule playground: no file system in the browser"));
}
