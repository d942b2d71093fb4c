// A workload's label on the map: one size everywhere (the SVG, the canvas and the export
// draw it the same), cut to the width of a layout cell so that no label can reach its
// neighbour's, and the rectangle it covers, which the overlap check reads.

/** Width and height of one workload's cell in a namespace box (world units). */
export const CELL_W = 150;
export const CELL_H = 64;

/** Label font size and a width per character no label of this font exceeds on average. */
export const LABEL_FONT_PX = 11;
export const LABEL_CHAR_W = 6.6;
export const LABEL_LINE_H = 13;
/** Gap between a node's rim and the top of its label. */
export const LABEL_GAP = 11;

/**
 * The label as drawn: the whole text, or its start and an ellipsis when it would not fit in
 * `width` (a cell, less a margin; smaller on a zoomed-out canvas, whose labels keep their
 * screen size).
 */
export function fitLabel(text: string, width = CELL_W): string {
  const max = Math.max(2, Math.floor((width - 16) / LABEL_CHAR_W));
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Where the label of a node at (x, y) with radius r is drawn (centred, under the node). */
export function labelBox(x: number, y: number, r: number, text: string): Box {
  const half = (fitLabel(text).length * LABEL_CHAR_W) / 2;
  const top = y + r + LABEL_GAP;
  return { x0: x - half, y0: top, x1: x + half, y1: top + LABEL_LINE_H };
}
