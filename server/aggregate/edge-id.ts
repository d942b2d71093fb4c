import 'server-only';
/** The id of a service-map edge; the map, the flow list and links all name edges this way. */
export function edgeIdOf(source: string, target: string, port: number, protocol: string): string {
  return `${source}>${target}:${port}/${protocol}`;
}
