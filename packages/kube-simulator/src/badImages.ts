/** The image versions a simulated cluster treats as broken: their containers crash on start (a crash loop). */

/** An image version the simulator treats as broken: its containers crash on start. */
export interface BadImage {
  image: string;
  version: string;
}

const imageKey = (b: BadImage) => `${b.image}:${b.version}`;

export class BadImages {
  private readonly keys = new Set<string>();

  mark(bad: BadImage, isBad = true) {
    if (isBad) this.keys.add(imageKey(bad));
    else this.keys.delete(imageKey(bad));
  }

  /** `imageWithTag`: `<image>:<version>`, as a pod's container has it. */
  has(imageWithTag: string) {
    return this.keys.has(imageWithTag);
  }

  list(): BadImage[] {
    return [...this.keys].map(k => {
      const i = k.lastIndexOf(':');
      return { image: k.slice(0, i), version: k.slice(i + 1) };
    });
  }
}
