/** The port an app started on; tests pick free ports, so a missing one is a failure. */
export function requirePort(port: number | undefined): number {
  if (port === undefined) throw new Error("The app started without its HTTP listener");
  return port;
}
