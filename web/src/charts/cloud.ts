// Word clouds laid out as in the paper: words packed around a centre, sized by strength (d3-cloud,
// horizontal words for reading). The layout runs synchronously and is seeded, so a view is stable.
import cloud from "d3-cloud";
import { fontSize } from "../layout";

export interface CloudWord {
  word: string;
  index: number; // into the co-clustering's words
  strength: number;
  size: number;
  x: number; // centre of the word, from the cloud's top left
  y: number; // baseline of the word
}

interface Placing {
  text: string;
  size: number;
  index: number;
  strength: number;
  x?: number;
  y?: number;
}

const FONT = "system-ui, sans-serif";
const PADDING = 2;

/** Seeded pseudo-random numbers (mulberry32): the same cloud is laid out the same way each time. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The area the words' boxes take in a cloud (the packing's padding included), as cumulative sums:
 * [i] is the area of members[0..i]. The co-cluster chart estimates from it how tall a cloud of its
 * strongest n words will pack before it packs it. */
export function cumulativeArea(
  words: string[],
  members: number[],
  strength: number[],
  maxStrength: number,
  measure: (word: string, size: number) => number,
  minSize = 11,
  maxSize = 26,
): number[] {
  let sum = 0;
  return members.map((index) => {
    const size = Math.round(fontSize(strength[index], maxStrength, minSize, maxSize));
    sum += (measure(words[index], size) + 2 * PADDING) * (size * 1.25 + 2 * PADDING);
    return sum;
  });
}

/** Pack `members` (indices into words) into a cloud `width` wide, as tall as they need: the box
 * grows until every word has a place. Returns the words placed and the height used. */
export function packCloud(
  words: string[],
  members: number[],
  strength: number[],
  maxStrength: number,
  width: number,
  minSize = 11,
  maxSize = 26,
  measure: (word: string, size: number) => number,
): { words: CloudWord[]; height: number } {
  const items = members.map((index) => ({
    text: words[index],
    index,
    strength: strength[index],
    size: Math.round(fontSize(strength[index], maxStrength, minSize, maxSize)),
  }));
  if (items.length === 0) return { words: [], height: 0 };
  // a first guess of the height from the words' area, then grow until all fit
  const area = items.reduce((sum, w) => sum + (measure(w.text, w.size) + 2 * PADDING) * (w.size * 1.25 + 2 * PADDING), 0);
  let height = Math.max(items[0].size * 2, Math.ceil((area * 1.5) / width));
  for (let attempt = 0; attempt < 8; attempt++) {
    let placed: Placing[] = [];
    cloud<Placing>()
      .size([width, height])
      .words(items.map((w) => ({ ...w })))
      .padding(PADDING)
      .rotate(0)
      .font(FONT)
      .fontSize((w) => w.size)
      .random(seeded(members.length * 7919 + members[0]))
      .on("end", (tags) => (placed = tags))
      .start();
    if (placed.length === items.length) {
      // d3-cloud places around the centre; shift to the box's top left and trim empty rows
      const top = Math.min(...placed.map((w) => (w.y ?? 0) - w.size * 0.85));
      const bottom = Math.max(...placed.map((w) => (w.y ?? 0) + w.size * 0.3));
      return {
        words: placed.map((w) => ({
          word: w.text, index: w.index, strength: w.strength, size: w.size,
          x: (w.x ?? 0) + width / 2, y: (w.y ?? 0) - top,
        })),
        height: Math.ceil(bottom - top),
      };
    }
    height = Math.ceil(height * 1.35);
  }
  // not reached for clouds of a co-clustering's size; flow the words in lines rather than lose any
  let x = 0;
  let y = 0;
  const flowed = items.map((w) => {
    const wide = measure(w.text, w.size) + 8;
    if (x > 0 && x + wide > width) { x = 0; y += maxSize * 1.25; }
    const at = { word: w.text, index: w.index, strength: w.strength, size: w.size, x: x + wide / 2, y: y + maxSize };
    x += wide;
    return at;
  });
  return { words: flowed, height: y + maxSize * 1.3 };
}
