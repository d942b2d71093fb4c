// Where the hover card goes: beside the pointer, on the side where it fits, and always
// inside the visible stage (the stage clips its children, and the side panel sits right of it).
export interface Size {
  width: number;
  height: number;
}

const GAP = 14;
const MARGIN = 4;

function axis(pointer: number, size: number, room: number): number {
  const after = pointer + GAP;
  const before = pointer - GAP - size;
  const start = after + size + MARGIN <= room ? after : before >= MARGIN ? before : after;
  return Math.max(MARGIN, Math.min(start, room - size - MARGIN));
}

/** Top-left corner of a card of `card` size for a pointer at (x, y) on a stage of `stage` size. */
export function placeTooltip(
  x: number,
  y: number,
  card: Size,
  stage: Size,
): { left: number; top: number } {
  return { left: axis(x, card.width, stage.width), top: axis(y, card.height, stage.height) };
}
