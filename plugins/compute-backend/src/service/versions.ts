/**
 * Newest first: by the numbers of the version core (1.10.0 above 1.9.2), a release above its pre-releases
 * (2.0.0 above 2.0.0-rc.1), then by text. Tags without numbers (`latest`) come last.
 */
export function sortVersions(tags: string[]): string[] {
  const key = (tag: string) => {
    const [core, ...pre] = tag.replace(/^v/, '').split('-');
    return {
      numbers: (core.match(/\d+/g) ?? []).map(Number),
      pre: pre.join('-'),
    };
  };
  return [...tags].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (!ka.numbers.length || !kb.numbers.length) {
      return kb.numbers.length - ka.numbers.length || a.localeCompare(b);
    }
    for (let i = 0; i < Math.max(ka.numbers.length, kb.numbers.length); i++) {
      const d = (kb.numbers[i] ?? 0) - (ka.numbers[i] ?? 0);
      if (d !== 0) return d;
    }
    if (!ka.pre !== !kb.pre) return ka.pre ? 1 : -1;
    return kb.pre.localeCompare(ka.pre, 'en', { numeric: true });
  });
}
