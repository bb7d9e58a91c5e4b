/** What the actions need of the artifact registry. */
export interface ImageRegistry {
  listTags(image: string): Promise<string[]>;
  hasTag(image: string, tag: string): Promise<boolean>;
}
